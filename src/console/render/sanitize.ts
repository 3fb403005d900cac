import { displayName } from '../../wire/identity/name-key.js';

/**
 * Text from the network is shown only after this: C0/C1 controls (ESC starts
 * every terminal escape sequence), DEL, and the Unicode bidi and isolate
 * overrides that can make a line read differently from what it says.
 * Tabs become spaces; newlines become a visible "⏎" so one message stays one line.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point: they are stripped
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

export function sanitize(text: string): string {
  return text
    .replace(/\r?\n|[\u2028\u2029]/g, ' ⏎ ')
    .replace(/\t/g, ' ')
    .replace(CONTROL, '');
}

/** A name as shown: sanitized, and in its display form (no invisible characters, NFKC), as it is compared. */
export const sanitizeName = (name: string): string => sanitize(displayName(name));
