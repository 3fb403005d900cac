/**
 * Stable error codes. Scripts match on `code` (it appears in `--json` error events),
 * so a code is never renamed once released; messages may change.
 */
export const ERROR_CODES = [
  'DATAGRAM_TOO_LARGE',
  'FRAME_TOO_LARGE',
  'BAD_PREFACE',
  'NOT_UTF8',
  'BAD_JSON',
  'TOO_DEEP',
  'NOT_A_MESSAGE',
  'UNKNOWN_VARIANT',
  'BAD_FIELDS',
  'NAME_TOO_LONG',
  'CONTENT_TOO_LONG',
  'LEGACY_TOO_LONG',
  'LEGACY_IGNORED',
  'UNEXPECTED_MESSAGE',
  'HANDSHAKE_TIMEOUT',
  'PEER_LIMIT',
  'UNSIGNED_BEACON',
  'BAD_SIGNATURE',
  'ID_MISMATCH',
  'STALE_BEACON',
  'REPLAYED_BEACON',
  'KEY_CHANGED',
  'KEY_MISMATCH',
  'LEGACY_IMPERSONATION',
  'HANDSHAKE_FAILED',
  'RATE_LIMITED',
  'UNKNOWN_PEER',
  'AMBIGUOUS_PEER',
  'UNKNOWN_COMMAND',
  'BAD_COMMAND',
  'SEND_FAILED',
  /** A write on a link already closing: not shown; the machines hear the link go down and the outbox resends. */
  'LINK_CLOSED',
  'CONNECT_FAILED',
  /** A name that /msg would take for an id (8+ hex digits): refused, so nobody can stand in for an id. */
  'NAME_LIKE_ID',
  /** The peer would not keep our link, and said why (its Refused frame). */
  'REFUSED_BY_PEER',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

const CODES: ReadonlySet<string> = new Set(ERROR_CODES);
export const isErrorCode = (u: unknown): u is ErrorCode => typeof u === 'string' && CODES.has(u);

export interface P2PError {
  readonly code: ErrorCode;
  readonly message: string;
}

export const p2pError = (code: ErrorCode, message: string): P2PError => ({ code, message });
