import type { Socket } from 'node:net';
import { p2pError, type P2PError } from '../../../wire/protocol/errors.js';
import { LIMITS } from '../../../wire/protocol/limits.js';
import type { LegacyDelivery } from '../../../wire/ports/index.js';

export interface LegacyInboxOptions {
  readonly timeoutMs: number;
  readonly deliver: (d: LegacyDelivery) => void;
  readonly error: (e: P2PError) => void;
}

/**
 * An original node's one-shot connection: one JSON value, then it closes its
 * side. Read to the end, never more than the original's 1024 bytes, within the
 * handshake time; what arrived whole is delivered.
 */
export function collectLegacy(socket: Socket, head: Buffer, from: string, opts: LegacyInboxOptions): void {
  const chunks = [head];
  let size = head.length;
  const timer = setTimeout(() => socket.destroy(), opts.timeoutMs);
  socket.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > LIMITS.legacyMessageBytes) {
      opts.error(p2pError('LEGACY_TOO_LONG', `one-shot message from ${from} over ${LIMITS.legacyMessageBytes} bytes; dropped`));
      socket.destroy();
      return;
    }
    chunks.push(chunk);
  });
  socket.once('end', () => {
    clearTimeout(timer);
    if (size <= LIMITS.legacyMessageBytes) opts.deliver({ address: from, bytes: Buffer.concat(chunks) });
    socket.end();
  });
  socket.once('close', () => clearTimeout(timer));
}
