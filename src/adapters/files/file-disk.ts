import * as E from 'fp-ts/lib/Either.js';
import { createHash, type Hash } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, rmdir, statfs, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { messageOf } from '../../base/caught.js';
import { pieceSpan, segmentsOf } from '../../wire/protocol/file-layout.js';
import { chunkOf, type Offer } from '../../wire/protocol/files.js';
import type { ChunkSink } from '../../wire/ports/index.js';
import { LIMITS } from '../../wire/protocol/limits.js';
import { freeName } from '../../wire/protocol/safe-path.js';
import { RunningHashes } from './running-hashes.js';

/**
 * The files' disk, both sides. A receiver writes into a partial folder of its
 * own (`.partial/ID/N`, one file per offered file, named by number, so no
 * received name touches the disk until the end), hashes pieces back from the
 * disk, and moves the files to a free name in the downloads folder only once
 * every file's SHA-256 matches. A sender reads the ranges asked for.
 */
export interface FileDiskOptions {
  readonly downloads: string;
}

/** Feeds `bytes` of an open file from `at` (to its end, if it ends first) into `hash`, through `buf`. */
async function hashStretch(fh: FileHandle, at: number, bytes: number, hash: Hash, buf: Buffer): Promise<void> {
  for (let done = 0; done < bytes;) {
    const { bytesRead } = await fh.read(buf, 0, Math.min(buf.byteLength, bytes - done), at + done);
    if (bytesRead === 0) return;
    hash.update(buf.subarray(0, bytesRead));
    done += bytesRead;
  }
}

/** Bytes a served range may have waiting on the link before the next chunk is read. */
const DRAIN_LOW = 256 * 1024;

interface Held {
  readonly direction: 'incoming' | 'outgoing';
  readonly offer: Offer;
  /** Outgoing: the offered file or folder; its files are read from its parent. */
  readonly source: string | null;
  handle: { readonly file: number; readonly fh: FileHandle } | null;
  /** Incoming: the hashes of what is written, as it is written. */
  readonly hashes: RunningHashes;
  /** Bytes written per piece on the receiver's current pass (its link), until the piece is whole. */
  readonly written: Map<number, number>;
  pass: number;
}

export class FileDisk {
  private readonly held = new Map<string, Held>();
  /** Each transfer's disk work, one step at a time (a write, a check and a read share its open file). */
  private readonly queues = new Map<string, Promise<unknown>>();

  /** Runs `step` after the transfer's earlier steps; the queue is forgotten once it runs dry. */
  serial<T>(id: string, step: () => Promise<T>): Promise<T> {
    const before = this.queues.get(id) ?? Promise.resolve();
    const run = before.then(step, step);
    const tail = run.catch(() => undefined);
    this.queues.set(id, tail);
    void tail.then(() => this.queues.get(id) === tail && this.queues.delete(id));
    return run;
  }

  constructor(private readonly opts: FileDiskOptions) {}

  private partial(id: string, file?: number): string {
    const dir = path.join(this.opts.downloads, '.partial', id);
    return file === undefined ? dir : path.join(dir, String(file));
  }

  private where(h: Held, id: string, file: number): string {
    if (h.direction === 'incoming' || h.source === null) return this.partial(id, file);
    return path.join(path.dirname(h.source), h.offer.files[file]?.path ?? '');
  }

  /** One open file per transfer at a time: writes and reads run through a transfer's files in order. */
  private async handle(id: string, h: Held, file: number): Promise<FileHandle> {
    if (h.handle?.file === file) return h.handle.fh;
    await h.handle?.fh.close();
    h.handle = null;
    const fh = await open(this.where(h, id, file), h.direction === 'incoming' ? 'r+' : 'r');
    h.handle = { file, fh };
    return fh;
  }

  /** Registers a transfer; for a new incoming one, checks the space and makes its partial files. Null, or why not. */
  async open(e: {
    id: string;
    direction: 'incoming' | 'outgoing';
    offer: Offer;
    source: string | null;
    check: boolean;
  }): Promise<string | null> {
    if (!this.held.has(e.id))
      this.held.set(e.id, {
        direction: e.direction,
        offer: e.offer,
        source: e.source,
        handle: null,
        hashes: new RunningHashes(e.offer),
        written: new Map(),
        pass: -1,
      });
    if (e.direction === 'outgoing') return null;
    try {
      await mkdir(this.partial(e.id), { recursive: true, mode: 0o700 });
      if (e.check) {
        const fs = await statfs(this.opts.downloads);
        const free = fs.bavail * fs.bsize;
        if (free < e.offer.size) return `NO_SPACE: ${e.offer.size} bytes needed in ${this.opts.downloads}, ${free} free`;
      }
      for (let i = 0; i < e.offer.files.length; i++) {
        const fh = await open(this.partial(e.id, i), 'a', 0o600);
        await fh.close();
      }
      return null;
    } catch (err) {
      return `TRANSFER_FAILED: ${messageOf(err)}`;
    }
  }

  /**
   * Writes a chunk; returns its piece's whole range once every byte of the piece asked
   * for on this pass is written (null before): one report per piece, not per chunk.
   */
  async write(
    id: string,
    pass: number,
    offset: number,
    data: Buffer | undefined,
    bytes: number,
  ): Promise<{ offset: number; bytes: number } | null> {
    const h = this.held.get(id);
    if (!h) return null;
    if (data) {
      const sizes = h.offer.files.map((f) => f.size);
      for (const s of segmentsOf(sizes, offset, data.byteLength)) {
        const fh = await this.handle(id, h, s.file);
        await fh.write(data, s.from, s.bytes, s.at);
      }
      h.hashes.take(offset, data);
    }
    const index = Math.floor(offset / h.offer.piece);
    const span = pieceSpan(h.offer.size, h.offer.piece, index);
    if (h.pass !== pass) h.written.clear();
    h.pass = pass;
    const done = (h.written.get(index) ?? 0) + bytes;
    if (done < span.bytes) {
      h.written.set(index, done);
      return null;
    }
    h.written.delete(index);
    return span;
  }

  /** A piece's SHA-256: of its bytes as they were written in order, else read back from the disk. */
  async check(id: string, piece: number): Promise<string> {
    const h = this.held.get(id);
    if (!h) return '';
    const running = h.hashes.pieceDigest(piece);
    if (running) return running;
    const span = pieceSpan(h.offer.size, h.offer.piece, piece);
    const hash = createHash('sha256');
    const buf = Buffer.allocUnsafe(Math.min(span.bytes, LIMITS.wantBytes));
    for (const s of segmentsOf(
      h.offer.files.map((f) => f.size),
      span.offset,
      span.bytes,
    )) {
      await hashStretch(await this.handle(id, h, s.file), s.at, s.bytes, hash, buf);
    }
    return hash.digest('hex');
  }

  /** Every file's hash checked, then the files moved to a free name in the downloads folder. The path, or why not. */
  async finish(id: string): Promise<{ error: string | null; path: string }> {
    const h = this.held.get(id);
    if (!h) return { error: 'TRANSFER_FAILED: not open', path: '' };
    await h.handle?.fh.close();
    h.handle = null;
    try {
      for (let i = 0; i < h.offer.files.length; i++) {
        const f = h.offer.files[i];
        const got = h.hashes.fileDigest(i) ?? (await this.wholeHash(this.partial(id, i)));
        if (f && got !== f.sha256) return { error: `BAD_PIECE: ${f.path} does not match its SHA-256`, path: '' };
      }
      const taken = new Set(await readdir(this.opts.downloads));
      const top = freeName(h.offer.name, (c) => taken.has(c));
      const single = h.offer.files.length === 1 && h.offer.files[0]?.path === h.offer.name;
      if (!single) await mkdir(path.join(this.opts.downloads, top), { mode: 0o700 });
      for (let i = 0; i < h.offer.files.length; i++) {
        const rel = (h.offer.files[i]?.path ?? '').split('/').slice(1);
        const to = path.join(this.opts.downloads, top, ...rel);
        await mkdir(path.dirname(to), { recursive: true, mode: 0o700 });
        await rename(this.partial(id, i), to);
      }
      await rm(this.partial(id), { recursive: true, force: true });
      // The partial folder goes when nothing else is in it (another transfer may be).
      await rmdir(path.dirname(this.partial(id))).catch(() => undefined);
      return { error: null, path: path.join(this.opts.downloads, top) };
    } catch (err) {
      return { error: `TRANSFER_FAILED: ${messageOf(err)}`, path: '' };
    }
  }

  private async wholeHash(file: string): Promise<string> {
    const hash = createHash('sha256');
    const fh = await open(file, 'r');
    try {
      await hashStretch(fh, 0, Infinity, hash, Buffer.allocUnsafe(LIMITS.wantBytes));
    } finally {
      await fh.close();
    }
    return hash.digest('hex');
  }

  /** Reads a range and hands it on as chunks, in order; stops at the first send that fails (the link went). */
  async serve(id: string, offset: number, bytes: number, out: ChunkSink): Promise<string | null> {
    const h = this.held.get(id);
    if (!h) return null;
    const sizes = h.offer.files.map((f) => f.size);
    try {
      for (let at = offset; at < offset + bytes; at += LIMITS.chunkBytes) {
        const n = Math.min(LIMITS.chunkBytes, offset + bytes - at);
        const data = Buffer.allocUnsafe(n);
        for (const s of segmentsOf(sizes, at, n)) {
          const fh = await this.handle(id, h, s.file);
          const { bytesRead } = await fh.read(data, s.from, s.bytes, s.at);
          if (bytesRead < s.bytes) return `TRANSFER_FAILED: ${h.offer.files[s.file]?.path ?? ''} changed since it was offered`;
        }
        const chunk = chunkOf(h.offer.id, at, data);
        if (!chunk || E.isLeft(out.send(chunk))) return null;
        // Never more than this waits for the peer: a chat sent now goes out behind at most that much.
        await out.drained(DRAIN_LOW);
      }
      return null;
    } catch (err) {
      return `TRANSFER_FAILED: ${messageOf(err)}`;
    }
  }

  /** Forgets a transfer; an unfinished incoming one loses its partial files. */
  async drop(id: string, keepData: boolean): Promise<void> {
    const h = this.held.get(id);
    this.held.delete(id);
    await h?.handle?.fh.close();
    if (h?.direction === 'incoming' && !keepData) await rm(this.partial(id), { recursive: true, force: true });
  }

  async close(): Promise<void> {
    for (const h of this.held.values()) await h.handle?.fh.close();
    this.held.clear();
  }
}
