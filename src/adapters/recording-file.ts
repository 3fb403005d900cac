import { createWriteStream } from 'node:fs';
import type { Header, InputRecord } from '../record/format.js';

/** A recording on disk: one JSON object per line, appended as the node runs. */
export function openRecordingFile(path: string): { header(h: Header): void; write(r: InputRecord): void; close(): Promise<void> } {
  const out = createWriteStream(path, { flags: 'w', mode: 0o600 });
  out.on('error', (e) => process.stderr.write(`p2p-chat: recording to ${path} failed: ${e.message}\n`));
  return {
    header: (h) => out.write(`${JSON.stringify(h)}\n`),
    write: (r) => out.write(`${JSON.stringify(r)}\n`),
    close: () => new Promise((resolve) => out.end(() => resolve())),
  };
}
