import * as t from 'io-ts';
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
  /** Files: a received path that could land outside the downloads folder (`..`, absolute, a device name, a symlink on the way). */
  'UNSAFE_NAME',
  /** An offer beyond the limits (size, files, pieces), or one whose parts do not add up. */
  'BAD_OFFER',
  /** Not enough free space in the downloads folder for an offer. */
  'NO_SPACE',
  /** A file could not be read, written, hashed or moved into place; or a transfer gave up. */
  'TRANSFER_FAILED',
  /** A piece whose bytes do not hash to the offer's hash: fetched again, never kept. */
  'BAD_PIECE',
  /** A transfer id nobody here knows, or one that is not in a state to take the command. */
  'UNKNOWN_TRANSFER',
  /** The data directory is held by another running node (its lock names the pid). */
  'DATA_DIR_IN_USE',
  /** The data directory or its key is open to others (or belongs to another user): refused, with the fix. */
  'DATA_DIR_UNSAFE',
  /** The data directory, or a file in it (the key, the pins, the history), could not be made, read or opened. */
  'DATA_DIR_FAILED',
  /** `--record` names a file that exists already (and no --force): a recording is evidence. */
  'RECORDING_EXISTS',
  /** `--record`'s file could not be opened, or writing to it failed. */
  'RECORDING_FAILED',
  /** A port the node listens on (TCP for links, UDP for discovery) could not be taken. */
  'LISTEN_FAILED',
  /** A channel name that is empty, longer than a channel id allows, or holds a character other than letters, digits, ".", "_", "-". */
  'BAD_CHANNEL_NAME',
  /** A channel command that cannot be done: `#lan` cannot be left, a channel not joined cannot be left or gone to, too many joined. */
  'BAD_CHANNEL',
  /** A chat of a channel this node is not in, or whose sender did not say it is in it: acknowledged, never shown or kept. */
  'NOT_A_MEMBER',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

const CODES: ReadonlySet<string> = new Set(ERROR_CODES);
export const isErrorCode = (u: unknown): u is ErrorCode => typeof u === 'string' && CODES.has(u);

export interface P2PError {
  readonly code: ErrorCode;
  readonly message: string;
}

export const p2pError = (code: ErrorCode, message: string): P2PError => ({ code, message });

/** A stable error code, as written by a node (in a recording): decoded, not trusted. */
export const ErrorCodeC = new t.Type<ErrorCode, string, unknown>(
  'ErrorCode',
  isErrorCode,
  (u, c) => (isErrorCode(u) ? t.success(u) : t.failure(u, c)),
  t.identity,
);
