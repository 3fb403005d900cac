import * as E from 'fp-ts/lib/Either.js';
import { createHash, type Hash } from 'node:crypto';
import { lstat, open, readdir } from 'node:fs/promises';
import path from 'node:path';
import { messageOf } from '../../base/caught.js';
import { p2pError, type P2PError } from '../../wire/protocol/errors.js';
import { pieceBytesFor } from '../../wire/protocol/file-layout.js';
import { Offer } from '../../wire/protocol/files.js';
import { LIMITS } from '../../wire/protocol/limits.js';
import { pathError } from '../../wire/protocol/safe-path.js';

/** What `/send PATH` offers: the offer (every byte hashed) and where its files are read from. */
export interface Prepared {
  readonly offer: Offer;
  /** The file or folder offered, absolute: the offer's paths are relative to its parent. */
  readonly source: string;
  /** Entries left out: symbolic links and anything not a plain file (never followed, never sent). */
  readonly skipped: number;
}

const READ = 1024 * 1024;

/** Every plain file under `root`, as paths relative to root's parent, in a stable order; links are not followed. */
async function walk(root: string, name: string): Promise<{ files: { rel: string; size: number }[]; skipped: number }> {
  const files: { rel: string; size: number }[] = [];
  let skipped = 0;
  const visit = async (abs: string, rel: string): Promise<void> => {
    const st = await lstat(abs);
    if (st.isFile()) files.push({ rel, size: st.size });
    else if (st.isDirectory()) {
      const entries = (await readdir(abs)).sort();
      // One past the limit is enough to refuse: a huge tree is not walked to its end.
      for (const e of entries) if (files.length <= LIMITS.transferFiles) await visit(path.join(abs, e), `${rel}/${e}`);
    } else skipped++;
  };
  await visit(root, name);
  return { files, skipped };
}

/**
 * Builds the offer for a file or a folder: walks it (links not followed), checks
 * every name is one a receiver will take, then reads every byte once, hashing
 * each file and each piece of the files end to end.
 */
export async function prepareOffer(given: string, id: string): Promise<E.Either<P2PError, Prepared>> {
  const source = path.resolve(given);
  const name = path.basename(source);
  try {
    const st = await lstat(source);
    if (!st.isFile() && !st.isDirectory()) return E.left(p2pError('TRANSFER_FAILED', `${given} is not a file or a folder`));
    const { files, skipped } = await walk(source, name);
    if (files.length === 0) return E.left(p2pError('TRANSFER_FAILED', `${given} holds no files to send`));
    if (files.length > LIMITS.transferFiles) return E.left(p2pError('BAD_OFFER', `${given} holds more than ${LIMITS.transferFiles} files`));
    for (const f of files) {
      const wrong = pathError(f.rel);
      if (wrong !== null) return E.left(p2pError('UNSAFE_NAME', `${f.rel}: ${wrong}; a receiver would refuse it`));
    }
    const size = files.reduce((n, f) => n + f.size, 0);
    if (size > LIMITS.transferBytes)
      return E.left(p2pError('BAD_OFFER', `${given} holds ${size} bytes, over the ${LIMITS.transferBytes} limit`));
    const piece = pieceBytesFor(size);
    const digests: Buffer[] = [];
    const entries: { path: string; size: number; sha256: string }[] = [];
    let pieceHash: Hash = createHash('sha256');
    let inPiece = 0;
    const buf = Buffer.allocUnsafe(READ);
    for (const f of files) {
      const whole = createHash('sha256');
      const fh = await open(path.join(path.dirname(source), f.rel), 'r');
      try {
        for (let at = 0; at < f.size;) {
          const want = Math.min(READ, f.size - at, piece - inPiece);
          const { bytesRead } = await fh.read(buf, 0, want, at);
          if (bytesRead === 0) return E.left(p2pError('TRANSFER_FAILED', `${f.rel} shrank while it was read`));
          const part = buf.subarray(0, bytesRead);
          whole.update(part);
          pieceHash.update(part);
          at += bytesRead;
          inPiece += bytesRead;
          if (inPiece === piece) {
            digests.push(pieceHash.digest());
            pieceHash = createHash('sha256');
            inPiece = 0;
          }
        }
      } finally {
        await fh.close();
      }
      entries.push({ path: f.rel, size: f.size, sha256: whole.digest('hex') });
    }
    if (inPiece > 0) digests.push(pieceHash.digest());
    const offer = Offer.decode({ id, name, size, files: entries, piece, pieces: Buffer.concat(digests).toString('base64') });
    if (E.isLeft(offer)) return E.left(p2pError('BAD_OFFER', `${given} cannot be offered (a name or size out of bounds)`));
    return E.right({ offer: offer.right, source, skipped });
  } catch (e) {
    return E.left(p2pError('TRANSFER_FAILED', `${given}: ${messageOf(e)}`));
  }
}
