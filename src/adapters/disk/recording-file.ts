import * as E from 'fp-ts/lib/Either.js';
import { createWriteStream, openSync } from 'node:fs';
import type { Header, InputRecord } from '../../record/format.js';
import { codeOf, messageOf } from '../../base/caught.js';
import { p2pError, type P2PError } from '../../wire/protocol/errors.js';

export interface RecordingFile {
  header(h: Header): void;
  write(r: InputRecord): void;
  close(): Promise<void>;
}

/**
 * A recording on disk: one JSON object per line, appended as the node runs.
 * The file is opened before the node starts (a bad path is a one-line reason,
 * not a node that joins the network and then says it recorded nothing), and an
 * existing file is kept unless `force`: a recording is evidence. A write that
 * fails later is told to `failed` (the node runs on; what it says is main's).
 */
export function openRecordingFile(
  path: string,
  opts: { force: boolean; failed: (e: P2PError) => void },
): E.Either<P2PError, RecordingFile> {
  let fd: number;
  try {
    fd = openSync(path, opts.force ? 'w' : 'wx', 0o600);
  } catch (e) {
    const code = codeOf(e);
    if (code === 'EEXIST')
      return E.left(p2pError('RECORDING_EXISTS', `--record: ${path} already exists; choose another file, or add --force to overwrite it`));
    if (code === 'ENOENT') return E.left(p2pError('RECORDING_FAILED', `--record: ${path}: its folder does not exist`));
    return E.left(p2pError('RECORDING_FAILED', `--record: ${path}: ${messageOf(e)}`));
  }
  const out = createWriteStream(path, { fd, mode: 0o600 });
  out.on('error', (e) => opts.failed(p2pError('RECORDING_FAILED', `recording to ${path} failed: ${e.message}`)));
  return E.right({
    header: (h) => out.write(`${JSON.stringify(h)}\n`),
    write: (r) => out.write(`${JSON.stringify(r)}\n`),
    close: () => new Promise((resolve) => out.end(() => resolve())),
  });
}
