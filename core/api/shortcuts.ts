/**
 * The one list of keyboard shortcuts, shared by both sides: the renderer's `?` help is drawn from it
 * and its key handling matches against it; the desktop shell's View menu shows the same keys and sends
 * the same ids (a menu command runs the very action the key runs). Plain data, no DOM, no Electron.
 */

export type ShortcutId =
  | 'help'
  | 'search'
  | 'incidents'
  | 'view1'
  | 'view2'
  | 'view3'
  | 'view4'
  | 'view5'
  | 'view6'
  | 'view7'
  | 'zoomIn'
  | 'zoomOut'
  | 'panLeft'
  | 'panRight'
  | 'resetZoom'
  | 'selectMode'
  | 'compare'
  | 'annotate'
  | 'zone'
  | 'theme'
  | 'next'
  | 'prev'
  | 'open'
  | 'expected'
  | 'escape';

export interface Shortcut {
  id: ShortcutId;
  keys: string[];
  label: string;
  group: 'Anywhere' | 'Timeline' | 'Lists';
}

export const SHORTCUTS: Shortcut[] = [
  { id: 'help', keys: ['?'], label: 'Show these shortcuts', group: 'Anywhere' },
  { id: 'search', keys: ['/'], label: 'Focus the search box of this view', group: 'Anywhere' },
  { id: 'incidents', keys: ['i'], label: 'Incidents', group: 'Anywhere' },
  { id: 'view1', keys: ['1'], label: 'Explorer', group: 'Anywhere' },
  { id: 'view2', keys: ['2'], label: 'Timeline', group: 'Anywhere' },
  { id: 'view3', keys: ['3'], label: 'Anomalies', group: 'Anywhere' },
  { id: 'view4', keys: ['4'], label: 'Logs', group: 'Anywhere' },
  { id: 'view5', keys: ['5'], label: 'Compare', group: 'Anywhere' },
  { id: 'view6', keys: ['6'], label: 'Capacity', group: 'Anywhere' },
  { id: 'view7', keys: ['7'], label: 'Advice', group: 'Anywhere' },
  { id: 'zone', keys: ['z'], label: 'Switch between UTC and local time', group: 'Anywhere' },
  { id: 'theme', keys: ['t'], label: 'Switch dark / light theme', group: 'Anywhere' },
  { id: 'escape', keys: ['Escape'], label: 'Close the dialog, clear the selection or the search', group: 'Anywhere' },
  { id: 'zoomIn', keys: ['+', '='], label: 'Zoom in (around the middle)', group: 'Timeline' },
  { id: 'zoomOut', keys: ['-'], label: 'Zoom out', group: 'Timeline' },
  { id: 'panLeft', keys: ['h', 'ArrowLeft'], label: 'Pan left (earlier)', group: 'Timeline' },
  { id: 'panRight', keys: ['l', 'ArrowRight'], label: 'Pan right (later)', group: 'Timeline' },
  { id: 'resetZoom', keys: ['0'], label: 'Show all the data', group: 'Timeline' },
  { id: 'selectMode', keys: ['s'], label: 'Select mode: drag selects a range (or shift-drag any time)', group: 'Timeline' },
  { id: 'compare', keys: ['c'], label: 'Compare the selected range with its baseline', group: 'Timeline' },
  { id: 'annotate', keys: ['n'], label: 'Add a note at the selected range, or at the next click on the chart', group: 'Timeline' },
  { id: 'next', keys: ['j', 'ArrowDown'], label: 'Next row', group: 'Lists' },
  { id: 'prev', keys: ['k', 'ArrowUp'], label: 'Previous row', group: 'Lists' },
  { id: 'open', keys: ['Enter'], label: 'Open the row (on the timeline, or its lines)', group: 'Lists' },
  { id: 'expected', keys: ['e'], label: 'Mark the anomaly as expected', group: 'Lists' },
];
