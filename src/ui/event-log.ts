/**
 * What the page's event log keeps of an event a machine took: its type, a
 * bounded copy of its payload, and whether it carries private content, which
 * the page hides unless the user asks (`maskPrivate`).
 */
export interface LogEntry {
  readonly at: number;
  readonly event: string;
  readonly payload: unknown;
  /** The state the event led to, as a path (`connected.heartbeat.waiting+liveness.fresh`). */
  readonly to: string;
  readonly private: boolean;
}

const MAX_STRING = 160;
const MAX_ITEMS = 16;
const MAX_DEPTH = 4;
/** Proofs and keys say nothing to a reader at this length; their start identifies them. */
const SHORTENED = new Set(['sig', 'key', 'remoteKey', 'signature']);

/** A bounded, plain copy: long strings cut, long arrays cut, bytes counted, functions and actors named. */
export function sanitize(value: unknown, depth = 0): unknown {
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'string') return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…` : value;
  if (typeof value === 'undefined') return undefined;
  if (typeof value === 'function') return '<function>';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'symbol') return value.description ?? 'symbol';
  if (typeof value !== 'object') return undefined;
  if (value instanceof Uint8Array) return `<${value.byteLength} bytes>`;
  if (depth >= MAX_DEPTH) return '…';
  if (Array.isArray(value)) {
    const items: unknown[] = value.slice(0, MAX_ITEMS).map((v) => sanitize(v, depth + 1));
    return value.length > MAX_ITEMS ? [...items, `… ${value.length - MAX_ITEMS} more`] : items;
  }
  // An actor reference (the parent's, in a child's events) is a name here, not its whole state.
  if ('sessionId' in value && 'send' in value) {
    const id = 'id' in value && typeof value.id === 'string' ? value.id : '?';
    return `<actor ${id}>`;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = SHORTENED.has(k) && typeof v === 'string' && v.length > 12 ? `${v.slice(0, 12)}…` : sanitize(v, depth + 1);
  }
  return out;
}

/** Private: a private chat anywhere inside, or an own chat to one recipient. */
export function isPrivate(value: unknown, depth = 0): boolean {
  if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) return false;
  if (Array.isArray(value)) return value.some((v) => isPrivate(v, depth + 1));
  if ('private' in value && value.private === true) return true;
  if (depth === 0 && 'type' in value && value.type === 'SEND_CHAT' && 'to' in value && value.to !== null && value.to !== undefined)
    return true;
  const values: unknown[] = Object.values(value);
  return values.some((v) => isPrivate(v, depth + 1));
}

/** The payload with every `content` replaced by how long it was. */
export function hideContent(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(hideContent);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value))
    out[k] = k === 'content' && typeof v === 'string' ? `(private, ${[...v].length} characters)` : hideContent(v);
  return out;
}

export function logEntry(at: number, event: { type: string }, to: string): LogEntry {
  return { at, event: event.type, payload: sanitize(event), to, private: isPrivate(event) };
}
