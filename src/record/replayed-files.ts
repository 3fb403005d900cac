import * as E from 'fp-ts/lib/Either.js';
import type { Observable } from 'rxjs';
import { FileResultC } from '../wire/ports/file-result.js';
import type { FileResult, FilesPort } from '../wire/ports/index.js';

/**
 * The files' disk of a replay: nothing is read or written; what the disk said
 * comes from the recording, so the transfers move, pause and finish as they did.
 */
export function replayedFiles(results$: Observable<FileResult>): FilesPort {
  const nothing = () => undefined;
  return {
    results$,
    prepare: nothing,
    open: nothing,
    write: nothing,
    check: nothing,
    finish: nothing,
    serve: nothing,
    drop: nothing,
    close: () => Promise.resolve(),
  };
}

/** A recorded result, decoded before the replay trusts it; null when it does not decode. */
export function recordedResult(value: unknown): FileResult | null {
  const r = FileResultC.decode(value);
  return E.isRight(r) ? r.right : null;
}
