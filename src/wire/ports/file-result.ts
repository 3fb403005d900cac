import * as t from 'io-ts';
import { Offer } from '../protocol/files.js';
import { ErrorCodeC, type P2PError } from '../protocol/errors.js';

/** A P2PError as a recording keeps it; its type is P2PError, so the codec must agree with it both ways. */
const RecordedError: t.Type<P2PError, unknown> = t.readonly(t.type({ code: ErrorCodeC, message: t.string }));

const n = t.number;

/**
 * What the files' disk says back; each is an input (recorded), so a replay
 * tells the same story without the files (it decodes them before trusting
 * them). `at` is stamped when it enters.
 */
export const FileResultC = t.union([
  /** `/send`: the offer built (every byte hashed), or why not. */
  t.type({
    type: t.literal('PREPARED'),
    request: t.string,
    offer: t.union([Offer, t.null]),
    source: t.string,
    skipped: n,
    error: t.union([RecordedError, t.null]),
  }),
  t.type({ type: t.literal('OPENED'), id: t.string, error: t.union([t.string, t.null]) }),
  t.type({ type: t.literal('WRITTEN'), id: t.string, pass: n, offset: n, bytes: n }),
  t.type({ type: t.literal('PIECE_CHECKED'), id: t.string, pass: n, piece: n, sha256: t.string }),
  /** The files moved into place (`path`), or why not; also a read or write that failed midway. */
  t.type({ type: t.literal('FINISHED'), id: t.string, error: t.union([t.string, t.null]), path: t.string }),
]);
export type FileResult = t.TypeOf<typeof FileResultC>;
