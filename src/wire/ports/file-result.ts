import * as t from 'io-ts';
import { Offer } from '../protocol/files.js';
import { ErrorCodeC, type P2PError } from '../protocol/errors.js';

/**
 * What the files' disk says back; each is an input (recorded), so a replay
 * tells the same story without the files. `at` is stamped when it enters.
 */
export type FileResult =
  /** `/send`: the offer built (every byte hashed), or why not. */
  | { type: 'PREPARED'; request: string; offer: Offer | null; source: string; skipped: number; error: P2PError | null }
  | { type: 'OPENED'; id: string; error: string | null }
  | { type: 'WRITTEN'; id: string; pass: number; offset: number; bytes: number }
  | { type: 'PIECE_CHECKED'; id: string; pass: number; piece: number; sha256: string }
  /** The files moved into place (`path`), or why not; also a read or write that failed midway. */
  | { type: 'FINISHED'; id: string; error: string | null; path: string };

/** What the files' disk said, as a recording keeps it: decoded before a replay trusts it. */
const n = t.number;
export const FileResultC = t.union([
  t.type({
    type: t.literal('PREPARED'),
    request: t.string,
    offer: t.union([Offer, t.null]),
    source: t.string,
    skipped: n,
    error: t.union([t.type({ code: ErrorCodeC, message: t.string }), t.null]),
  }),
  t.type({ type: t.literal('OPENED'), id: t.string, error: t.union([t.string, t.null]) }),
  t.type({ type: t.literal('WRITTEN'), id: t.string, pass: n, offset: n, bytes: n }),
  t.type({ type: t.literal('PIECE_CHECKED'), id: t.string, pass: n, piece: n, sha256: t.string }),
  t.type({ type: t.literal('FINISHED'), id: t.string, error: t.union([t.string, t.null]), path: t.string }),
]);
