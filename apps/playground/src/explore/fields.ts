/**
 * Controls generated from a plugin's `fields`: a number input for a number
 * or integer field (its bounds as min and max), a select for a choice, each
 * labelled by the field's name and described by its description. A value the
 * plugin refuses is shown with the plugin's own message and not applied.
 *
 * @packageDocumentation
 */
import { RectifyError, type AnyActivationPlugin, type ConfigField } from '@rectify/core';
import { element } from '../dom.js';

/** A config as the page holds it. */
export type ConfigValues = Readonly<Record<string, number | string>>;

/** The input of one field. */
function control(id: string, field: ConfigField<unknown>, value: unknown, describedBy: string): HTMLInputElement | HTMLSelectElement {
  if (field.kind === 'choice') {
    const select = element('select', { id, 'aria-describedby': describedBy }, (field.choices ?? []).map((choice) => element('option', { value: choice }, [choice])));
    select.value = String(value);
    return select;
  }
  const bounds = field.bounds ?? {};
  const input = element('input', {
    id,
    type: 'number',
    inputmode: 'decimal',
    step: field.kind === 'integer' ? '1' : 'any',
    min: bounds.min === undefined ? undefined : String(bounds.min),
    max: bounds.max === undefined ? undefined : String(bounds.max),
    'aria-describedby': describedBy,
  });
  input.value = String(value);
  return input;
}

/**
 * Fills a container with one control per field of a plugin.
 *
 * @param container - Where the controls go (emptied first).
 * @param prefix - Prefix of the controls' ids.
 * @param plugin - The plugin whose fields are shown.
 * @param config - The values to show; absent fields show their default.
 * @param current - Reads the config as it is when a field changes (other fields may have changed since).
 * @param onChange - Called with the whole config when a field changes to a value the plugin accepts.
 */
export function renderFields(container: HTMLElement, prefix: string, plugin: AnyActivationPlugin, config: ConfigValues, current: () => ConfigValues, onChange: (config: ConfigValues) => void): void {
  const fields = Object.entries(plugin.fields as Record<string, ConfigField<unknown>>);
  if (fields.length === 0) {
    container.replaceChildren(element('p', { class: 'hint' }, [`${plugin.displayName} has no parameters.`]));
    return;
  }
  const rows = fields.map(([key, field]) => {
    const id = `${prefix}-${key}`;
    const hintId = `${id}-hint`;
    const errorId = `${id}-error`;
    const value = Object.hasOwn(config, key) ? config[key] : field.default;
    const input = control(id, field, value, `${hintId} ${errorId}`);
    const error = element('span', { id: errorId, class: 'field-error', 'aria-live': 'polite' });
    input.addEventListener('change', () => {
      // A control replaced by another activation's fields can still report a change as it loses focus.
      if (!input.isConnected) return;
      const raw = input.value;
      const parsed = field.kind === 'choice' ? raw : raw.trim() === '' ? Number.NaN : Number(raw);
      const next: Record<string, number | string> = { ...current(), [key]: parsed };
      try {
        plugin.validate(next);
      } catch (problem) {
        if (!(problem instanceof RectifyError)) throw problem;
        error.textContent = problem.message;
        input.setAttribute('aria-invalid', 'true');
        return;
      }
      error.textContent = '';
      input.removeAttribute('aria-invalid');
      onChange(next);
    });
    return element('div', { class: 'field' }, [element('label', { for: id }, [key]), input, element('span', { id: hintId, class: 'hint' }, [field.description]), error]);
  });
  container.replaceChildren(...rows);
}
