import { readFileSync } from 'node:fs';
import { writeWhole } from './write-whole.js';

/** Lines kept for up/down across restarts. */
const KEPT = 500;

/**
 * What the user typed, newest first (readline's order), kept in the data dir
 * (0600, beside history.db, which holds the same messages) so up/down reaches
 * lines from before a restart. A missing or unreadable file is an empty history:
 * losing it loses only convenience.
 */
export function typedHistory(file: string): { load(): string[]; save(lines: readonly string[]): void } {
  return {
    load() {
      try {
        return readFileSync(file, 'utf8').split('\n').filter(Boolean).slice(0, KEPT);
      } catch {
        return [];
      }
    },
    save(lines) {
      try {
        writeWhole(file, `${lines.slice(0, KEPT).join('\n')}\n`);
      } catch {
        // A full disk or a read-only data dir costs the history of typed lines, nothing else.
      }
    },
  };
}
