import { hideContent, type LogEntry } from './event-log.js';

/** How one page looks at the model: whose event log it shows, which conversation, and whether private content is revealed. */
export interface View {
  readonly actor: string;
  readonly reveal: boolean;
  /** The conversation shown (`#lan`, `#tearn`, `@PEER-ID`): the only one whose messages it is sent. */
  readonly conversation: string;
}

/** `?actor=peer:ID&conversation=%23team&private=show`: the page says what it looks at (default: the supervisor, #lan, content hidden). */
export const viewOf = (url: URL): View => ({
  actor: url.searchParams.get('actor') ?? 'node',
  reveal: url.searchParams.get('private') === 'show',
  conversation: url.searchParams.get('conversation') ?? '#lan',
});

/** The cache key of what a view is sent: pages that look alike get the same bytes. */
export const viewKey = (v: View): string => `${v.actor}|${v.reveal}|${v.conversation}`;

const isLog = (v: object): v is LogEntry => 'private' in v && 'payload' in v && 'event' in v;
const isActor = (v: object): v is { id: string; log: LogEntry[] } => 'log' in v && 'machine' in v && 'id' in v;
const isConversation = (v: object): v is { key: string; chats: unknown[] } => 'chats' in v && 'received' in v && 'key' in v;

/**
 * A JSON.stringify replacer for what goes to one page: every actor's states,
 * but only the looked-at actor's event log (a node with 200 peers would
 * otherwise send 200 logs ten times a second), only the shown conversation's
 * messages (the others' counts are enough for their unread), and private
 * content as its length unless the page asked to see it.
 */
export const pageView =
  (view: View) =>
  (_key: string, value: unknown): unknown => {
    if (typeof value !== 'object' || value === null) return value;
    if (isActor(value) && value.id !== view.actor) return { ...value, log: [] };
    if (isConversation(value) && value.key !== view.conversation) return { ...value, chats: [] };
    if (!view.reveal && isLog(value) && value.private) return { ...value, payload: hideContent(value.payload) };
    return value;
  };
