import * as t from 'io-ts';
import { validate as isUuid } from 'uuid';
import { LIMITS } from './limits.js';
import { p2pError, type P2PError } from './errors.js';
import { pathError } from './safe-path.js';
import { pieceCount } from './file-layout.js';

/**
 * The file transfer's messages (issue 13), native links only. An offer lists
 * every file with its SHA-256 and the SHA-256 of each piece of the files laid
 * end to end; the receiver pulls byte ranges (Want) and the sender answers with
 * chunk frames, binary on the wire (a 1-byte tag, a JSON header, the bytes).
 *
 * SHA-256, not BLAKE2b: Node has it built in (OpenSSL, with the CPU's SHA
 * instructions where there are any, faster than libsodium's BLAKE2b here), and
 * every user can check a received file with `sha256sum`.
 */

interface TransferIdBrand {
  readonly TransferId: unique symbol;
}
export const TransferId = t.brand(t.string, (s): s is t.Branded<string, TransferIdBrand> => isUuid(s), 'TransferId');
export type TransferId = t.TypeOf<typeof TransferId>;

const bounded = (max: number, name: string) => t.refinement(t.string, (s) => Buffer.byteLength(s, 'utf8') <= max, name);
const count = t.refinement(t.Int, (n) => n >= 0, 'Count');
const Sha256 = t.refinement(t.string, (s) => /^[0-9a-f]{64}$/.test(s), 'Sha256');

/** One file of an offer; its path is checked (`offerProblem`), not trusted, so the refusal can say why. */
export const FileEntry = t.type({ path: bounded(LIMITS.pathBytes, 'FilePath'), size: count, sha256: Sha256 });
export type FileEntry = t.TypeOf<typeof FileEntry>;

export const Offer = t.type({
  id: TransferId,
  /** What the sender picked: a file's or a folder's name (the first segment of every path). */
  name: bounded(LIMITS.pathSegmentBytes, 'OfferName'),
  size: count,
  /** Bounded by the frame (about 1,300 entries fit); the file limit is checked after, so the refusal says it. */
  files: t.refinement(t.array(FileEntry), (a) => a.length > 0, 'OfferFiles'),
  /** Bytes per piece (a power of two, at least LIMITS.pieceBytes). */
  piece: count,
  /** The pieces' SHA-256 digests, 32 bytes each, end to end, base64. */
  pieces: t.string,
});
export type Offer = t.TypeOf<typeof Offer>;

/** Where a transfer stands, as one side tells the other. */
export const ControlState = t.keyof({ accepted: null, rejected: null, cancelled: null, done: null, failed: null });
export type ControlState = t.TypeOf<typeof ControlState>;
export const FileControl = t.intersection([
  t.type({ id: TransferId, state: ControlState }),
  t.partial({ reason: bounded(200, 'ControlReason') }),
]);
export type FileControl = t.TypeOf<typeof FileControl>;

/** The receiver asks for `bytes` from `offset` of the files end to end (within one piece). */
export const Want = t.type({
  id: TransferId,
  offset: count,
  bytes: t.refinement(t.Int, (n) => n > 0 && n <= LIMITS.wantBytes, 'WantBytes'),
});
export type Want = t.TypeOf<typeof Want>;

/** A Want from our own plan, checked by its codec; null if it would not decode. */
export function wantOf(id: string, offset: number, bytes: number): Want | null {
  const w = { id, offset, bytes };
  return Want.is(w) ? w : null;
}

/** A chunk frame's header. */
export const ChunkHead = t.type({ id: TransferId, offset: count });

const Bytes = new t.Type<Buffer, Buffer, unknown>(
  'Bytes',
  (u): u is Buffer => Buffer.isBuffer(u),
  (u, c) => (Buffer.isBuffer(u) && u.byteLength > 0 && u.byteLength <= LIMITS.chunkBytes ? t.success(u) : t.failure(u, c)),
  (b) => b,
);

/**
 * A chunk: live it carries its bytes; in a recording (and so in a replay) only
 * their length and SHA-256, which is what the core needs to tell the same story.
 */
export const FileChunk = t.intersection([
  t.type({ id: TransferId, offset: count, bytes: t.refinement(t.Int, (n) => n > 0 && n <= LIMITS.chunkBytes, 'ChunkBytes') }),
  t.partial({ data: Bytes, sha256: Sha256 }),
]);
export type FileChunk = t.TypeOf<typeof FileChunk>;

/** The same offer under another id (one per recipient of `/send *`); null if it would not decode. */
export function offerWithId(offer: Offer, id: string): Offer | null {
  const o = { ...offer, id };
  return Offer.is(o) ? o : null;
}

/** A chunk of our own file, checked by its codec; null if it would not decode. */
export function chunkOf(id: string, offset: number, data: Buffer): FileChunk | null {
  const c = { id, offset, bytes: data.byteLength, data };
  return FileChunk.is(c) ? c : null;
}

const sizeText = (n: number) => (n >= 2 ** 40 ? `${(n / 2 ** 40).toFixed(0)} TiB` : `${n} bytes`);

/** Why an offer that decoded is still refused (its parts do not add up, or a path is unsafe); null when it is fine. */
export function offerProblem(o: Offer): P2PError | null {
  if (!Number.isSafeInteger(o.size) || o.size > LIMITS.transferBytes)
    return p2pError('BAD_OFFER', `an offer of ${sizeText(o.size)} is over the ${sizeText(LIMITS.transferBytes)} limit`);
  if (o.files.length > LIMITS.transferFiles)
    return p2pError('BAD_OFFER', `an offer of ${o.files.length} files is over the ${LIMITS.transferFiles} limit`);
  const nameWrong = pathError(o.name);
  if (nameWrong !== null || o.name.includes('/'))
    return p2pError('UNSAFE_NAME', `the offer's name ${JSON.stringify(o.name)}: ${nameWrong ?? 'a path'}`);
  let sum = 0;
  const seen = new Set<string>();
  for (const f of o.files) {
    const wrong = pathError(f.path);
    if (wrong !== null) return p2pError('UNSAFE_NAME', `${JSON.stringify(f.path.slice(0, 80))}: ${wrong}`);
    if (f.path !== o.name && !f.path.startsWith(`${o.name}/`))
      return p2pError('UNSAFE_NAME', `${JSON.stringify(f.path.slice(0, 80))} is not inside ${JSON.stringify(o.name)}`);
    if (seen.has(f.path.toLowerCase())) return p2pError('BAD_OFFER', `${JSON.stringify(f.path.slice(0, 80))} is listed twice`);
    seen.add(f.path.toLowerCase());
    sum += f.size;
  }
  for (const p of seen) {
    // A file "a" and a file "a/b" cannot both be: one would have to be a folder.
    const parts = p.split('/');
    for (let i = 1; i < parts.length; i++)
      if (seen.has(parts.slice(0, i).join('/')))
        return p2pError('BAD_OFFER', `"${parts.slice(0, i).join('/')}" is both a file and a folder`);
  }
  if (sum !== o.size) return p2pError('BAD_OFFER', `its files add up to ${sum} bytes, not the ${o.size} it says`);
  if (o.piece < LIMITS.pieceBytes || (o.piece & (o.piece - 1)) !== 0 || o.piece > 2 ** 30)
    return p2pError('BAD_OFFER', `a piece of ${o.piece} bytes (a power of two from ${LIMITS.pieceBytes} expected)`);
  const pieces = pieceCount(o.size, o.piece);
  if (pieces > LIMITS.transferPieces) return p2pError('BAD_OFFER', `${pieces} pieces, over the ${LIMITS.transferPieces} limit`);
  if (Buffer.from(o.pieces, 'base64').byteLength !== pieces * 32)
    return p2pError('BAD_OFFER', `its hash list does not hold one SHA-256 per piece (${pieces})`);
  return null;
}
