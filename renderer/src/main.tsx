import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { preloadPlotly } from './plotlyLoader';
import './styles.css';

// The chart library is the biggest download: start it now (it runs only when a chart is about to be drawn).
preloadPlotly();

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
