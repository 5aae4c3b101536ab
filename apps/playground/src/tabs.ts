/**
 * The tab list: click or arrow keys choose a view; only the chosen tab is in
 * the tab order and only its panel is shown.
 *
 * @packageDocumentation
 */
import { byId } from './dom.js';
import { TABS, type Tab } from './state.js';

/**
 * Wires the tab buttons.
 * @param onSelect - Called with the tab chosen.
 */
export function wireTabs(onSelect: (tab: Tab) => void): void {
  const buttons = TABS.map((tab) => byId(`tab-${tab}`, HTMLButtonElement));
  buttons.forEach((button, index) => {
    button.addEventListener('click', () => onSelect(TABS[index] as Tab));
    button.addEventListener('keydown', (event) => {
      const last = TABS.length - 1;
      const moves: Readonly<Record<string, number>> = { ArrowRight: index === last ? 0 : index + 1, ArrowLeft: index === 0 ? last : index - 1, Home: 0, End: last };
      const target = moves[event.key];
      if (target === undefined) return;
      event.preventDefault();
      onSelect(TABS[target] as Tab);
      buttons[target]?.focus();
    });
  });
}

/**
 * Shows one tab's panel and marks its button.
 * @param selected - The tab on top.
 */
export function showTab(selected: Tab): void {
  for (const tab of TABS) {
    const on = tab === selected;
    const button = byId(`tab-${tab}`, HTMLButtonElement);
    button.setAttribute('aria-selected', String(on));
    button.tabIndex = on ? 0 : -1;
    byId(`panel-${tab}`, HTMLElement).hidden = !on;
  }
}
