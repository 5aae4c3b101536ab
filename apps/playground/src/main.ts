/**
 * The playground page: reads the state from the URL hash, draws every view
 * from it, and writes each change back to the hash.
 *
 * @packageDocumentation
 */
import 'uplot/dist/uPlot.min.css';
import './styles.css';
import { byId } from './dom.js';
import { ExploreView } from './explore/view.js';
import { FormulaView } from './formula/view.js';
import { readHash, writeHash } from './hash.js';
import { registry } from './registry.js';
import type { PlaygroundState } from './state.js';
import { showTab, wireTabs } from './tabs.js';
import { TrainView } from './train/view.js';

const message = byId('message', HTMLElement);
let state: PlaygroundState;

function update(patch: Partial<PlaygroundState>): void {
  state = { ...state, ...patch };
  history.replaceState(null, '', writeHash(state));
  render();
}

const explore = new ExploreView(update);
const formula = new FormulaView(update);
const train = new TrainView(update);

function render(): void {
  showTab(state.tab);
  explore.render(state);
  formula.render(state, state.tab === 'formula');
  train.render(state);
  if (state.tab === 'explore') explore.view.resize();
  if (state.tab === 'formula') formula.view.resize();
}

function load(): void {
  const reading = readHash(location.hash, registry);
  message.textContent = reading.problem ?? '';
  state = reading.state;
  if (reading.problem === undefined && location.hash !== '') history.replaceState(null, '', writeHash(state));
  render();
}

wireTabs((tab) => update({ tab }));
window.addEventListener('hashchange', load);
window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
  explore.view.rebuild();
  formula.view.rebuild();
});
new ResizeObserver(() => {
  explore.view.resize();
  formula.view.resize();
}).observe(document.body);
load();
document.documentElement.dataset['ready'] = 'true';
