/**
 * Advice: what to do about what was found — recommendations by stage, matching runbooks, query and
 * index advice, release regressions and profile hotspots. Each is a section from
 * components/advice/sections.ts; the view shows one at a time, chosen from a row of buttons.
 */
import { useState } from 'react';
import { ADVICE_SECTIONS } from '../components/advice/sections';

export function Advice() {
  const [chosen, setChosen] = useState(ADVICE_SECTIONS[0]?.id ?? '');
  const section = ADVICE_SECTIONS.find((s) => s.id === chosen) ?? ADVICE_SECTIONS[0];
  return (
    <div className="view advice" data-testid="advice">
      <div className="view-head">
        <div>
          <h2>Advice</h2>
          <p className="muted">{section ? section.hint : 'No advice sections are built in.'}</p>
        </div>
        <span className="spacer" />
        <div className="seg" role="group" aria-label="Advice section">
          {ADVICE_SECTIONS.map((s) => (
            <button key={s.id} className={s.id === section?.id ? 'on' : ''} onClick={() => setChosen(s.id)} data-testid={`advice-${s.id}`}>
              {s.label}
            </button>
          ))}
        </div>
      </div>
      {section && <section.Component />}
    </div>
  );
}
