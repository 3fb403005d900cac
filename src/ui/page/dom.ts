/** Element builders: everything from the network is set as text or attribute, never as HTML. */
const SVG = 'http://www.w3.org/2000/svg';

type Attrs = Record<string, string | number>;

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

export function sv(tag: string, attrs: Attrs = {}, text?: string): SVGElement {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

export function byId<T extends HTMLElement | SVGElement = HTMLElement>(id: string): T {
  const e = document.getElementById(id);
  if (!e) throw new Error(`the page has no #${id}`);
  return e as unknown as T;
}

/**
 * JSON from the node that served this page (same origin, same token): the
 * node's own model types, trusted as such. The one cast in the page.
 */
export const fromNode = <T>(text: string): T => JSON.parse(text) as T;

/** The per-run token the page was opened with; every request carries it. */
export const TOKEN = new URLSearchParams(location.search).get('token') ?? '';
export const withToken = (path: string, more: Record<string, string> = {}): string =>
  `${path}?${new URLSearchParams({ token: TOKEN, ...more }).toString()}`;

/** Local wall-clock `hh:mm:ss` of a node time in ms. */
export const clock = (ms: number): string => new Date(ms).toTimeString().slice(0, 8);
