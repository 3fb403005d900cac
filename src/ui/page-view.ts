import { hideContent, type LogEntry } from './event-log.js';

/** How one page looks at the model: whose event log it shows, and whether private content is revealed. */
export interface View {
  readonly actor: string;
  readonly reveal: boolean;
}

/** `?actor=peer:ID&private=show`: the page says what it looks at (default: the supervisor, content hidden). */
export const viewOf = (url: URL): View => ({
  actor: url.searchParams.get('actor') ?? 'node',
  reveal: url.searchParams.get('private') === 'show',
});

const isLog = (v: object): v is LogEntry => 'private' in v && 'payload' in v && 'event' in v;
const isActor = (v: object): v is { id: string; log: LogEntry[] } => 'log' in v && 'machine' in v && 'id' in v;

/**
 * A JSON.stringify replacer for what goes to one page: every actor's states,
 * but only the looked-at actor's event log (a node with 200 peers would
 * otherwise send 200 logs ten times a second), and private content as its
 * length unless the page asked to see it.
 */
export const pageView =
  (view: View) =>
  (_key: string, value: unknown): unknown => {
    if (typeof value !== 'object' || value === null) return value;
    if (isActor(value) && value.id !== view.actor) return { ...value, log: [] };
    if (!view.reveal && isLog(value) && value.private) return { ...value, payload: hideContent(value.payload) };
    return value;
  };
