import type { Either } from 'fp-ts/lib/Either.js';
import type { Observable } from 'rxjs';
import type { P2PError } from '../protocol/errors.js';
import type { FileChunk, Offer } from '../protocol/files.js';
import type { FileResult } from './file-result.js';
import type { TransferDirection } from './stored-transfer.js';

/** Where served chunks go: the link's send, and its drain. */
export interface ChunkSink {
  send(chunk: FileChunk): Either<P2PError, void>;
  drained(lowBytes: number): Promise<void>;
}

/** The files' disk: calls out, results back on `results$`. */
export interface FilesPort {
  readonly results$: Observable<FileResult>;
  prepare(request: string, path: string, id: string): void;
  open(e: { id: string; direction: TransferDirection; offer: Offer; source: string | null; check: boolean }): void;
  write(id: string, pass: number, offset: number, bytes: number, data: Buffer | undefined): void;
  check(id: string, pass: number, piece: number): void;
  finish(id: string): void;
  /** Reads a range and sends it as chunks on the link, waiting for it to drain as it goes. */
  serve(id: string, offset: number, bytes: number, out: ChunkSink): void;
  drop(id: string, keepData: boolean): void;
  close(): Promise<void>;
}
