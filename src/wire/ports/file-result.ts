import * as t from 'io-ts';
import { Offer } from '../protocol/files.js';
import { ErrorCodeC } from '../protocol/errors.js';

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
