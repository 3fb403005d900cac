import { Subject } from 'rxjs';
import * as E from 'fp-ts/lib/Either.js';
import { messageOf } from '../../base/caught.js';
import type { FileResult, FilesPort } from '../../wire/ports/index.js';
import { FileDisk, type FileDiskOptions } from './file-disk.js';
import { prepareOffer } from './file-offer.js';

/**
 * The files' disk as a port: each call runs in its transfer's queue (one step
 * at a time per transfer, transfers side by side) and its outcome comes back
 * on `results$`, an input like a datagram. A failed write or read ends the
 * transfer with the reason (FINISHED with an error), never the node.
 */
export function openFilesPort(opts: FileDiskOptions): FilesPort {
  const disk = new FileDisk(opts);
  const results = new Subject<FileResult>();
  let closed = false;
  const tell = (r: FileResult) => {
    if (!closed) results.next(r);
  };
  const run = (id: string, step: () => Promise<FileResult | null>) =>
    void disk.serial(id, step).then(
      (r) => r && tell(r),
      (e: unknown) => tell({ type: 'FINISHED', id, error: `TRANSFER_FAILED: ${messageOf(e)}`, path: '' }),
    );
  return {
    results$: results.asObservable(),
    prepare(request, path, id) {
      void prepareOffer(path, id).then((r) =>
        tell(
          E.isRight(r)
            ? { type: 'PREPARED', request, offer: r.right.offer, source: r.right.source, skipped: r.right.skipped, error: null }
            : { type: 'PREPARED', request, offer: null, source: path, skipped: 0, error: r.left },
        ),
      );
    },
    open: (e) => run(e.id, async () => ({ type: 'OPENED', id: e.id, error: await disk.open(e) })),
    write: (id, pass, offset, bytes, data) =>
      run(id, async () => {
        // One WRITTEN per piece made whole: a machine step per megabyte, not per chunk.
        const piece = await disk.write(id, pass, offset, data, bytes);
        return piece && { type: 'WRITTEN', id, pass, offset: piece.offset, bytes: piece.bytes };
      }),
    check: (id, pass, piece) => run(id, async () => ({ type: 'PIECE_CHECKED', id, pass, piece, sha256: await disk.check(id, piece) })),
    finish: (id) => run(id, async () => ({ type: 'FINISHED', id, ...(await disk.finish(id)) })),
    serve: (id, offset, bytes, send) =>
      run(id, async () => {
        const error = await disk.serve(id, offset, bytes, send);
        return error === null ? null : { type: 'FINISHED', id, error, path: '' };
      }),
    drop: (id, keepData) => run(id, async () => (await disk.drop(id, keepData), null)),
    async close() {
      closed = true;
      results.complete();
      await disk.close();
    },
  };
}
