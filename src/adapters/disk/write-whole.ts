import { randomBytes } from 'node:crypto';
import { renameSync, writeFileSync } from 'node:fs';

/**
 * Writes a data-dir file whole: to a fresh temp file beside it (an unguessable
 * name, created exclusively, so never through a link someone planted), 0600,
 * then renamed into place, so a crash never leaves half a file.
 */
export function writeWhole(file: string, text: string): void {
  const tmp = `${file}.${randomBytes(8).toString('hex')}.tmp`;
  writeFileSync(tmp, text, { mode: 0o600, flag: 'wx' });
  renameSync(tmp, file);
}
