/**
 * Building the page's elements. Text is only ever set as text: nothing from
 * the URL, a formula or a message is parsed as markup.
 *
 * @packageDocumentation
 */

/** Attributes of {@link element}: strings set with `setAttribute`, booleans present or absent. */
export type Attributes = Readonly<Record<string, string | boolean | undefined>>;

/**
 * Creates an element with attributes and children.
 *
 * @param tag - The tag name.
 * @param attributes - Attributes; `false` and `undefined` leave one out.
 * @param children - Elements, or strings added as text nodes.
 */
export function element<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, children: readonly (Node | string)[] = []): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === true) node.setAttribute(name, '');
    else if (typeof value === 'string') node.setAttribute(name, value);
  }
  for (const child of children) node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  return node;
}

/**
 * The element with an id, which the page's markup must contain.
 *
 * @param id - The id.
 * @param type - The element's class, checked.
 * @throws Error when the element is missing or of another kind.
 */
export function byId<T extends HTMLElement>(id: string, type: new () => T): T {
  const node = document.getElementById(id);
  if (!(node instanceof type)) throw new Error(`the page has no ${type.name} #${id}`);
  return node;
}

/**
 * Shortens a number for display: six significant digits, no trailing zeros.
 * @param value - The number.
 */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Object.is(value, -0)) return '-0';
  return String(Number(value.toPrecision(6)));
}

/**
 * Offers a file for download.
 *
 * @param blob - The content.
 * @param filename - The suggested name.
 */
export function download(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = element('a', { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
