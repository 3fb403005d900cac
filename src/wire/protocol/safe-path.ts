import * as t from 'io-ts';
import { LIMITS } from './limits.js';

/**
 * A path inside a transfer, as a sender names it: relative, `/`-separated
 * segments, each a plain file name on every system the receiver might run.
 * Everything a received name could use to land outside the downloads folder,
 * or to mean something other than a file, is refused here, before any byte
 * of the offer reaches the disk.
 */

/** Names Windows keeps for devices, with or without an extension (`nul.txt` is the device too). */
const DEVICE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$|clock\$)(\..*)?$/i;
/** Control characters, and the characters Windows forbids in names (the receiver's files may be copied there). */
// eslint-disable-next-line no-control-regex -- control characters are exactly what it refuses
const FORBIDDEN = /[\u0000-\u001f\u007f<>:"\\|?*]/u;
/** Characters that change how a name displays (bidi overrides, zero width): a name must look like what it is. */
const DECEPTIVE = /[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/u;

/** Why one path segment is refused, or null when it is a plain name. */
export function segmentError(segment: string): string | null {
  if (segment.length === 0) return 'an empty name';
  if (segment === '.' || segment === '..') return `"${segment}" (a step out of the folder)`;
  if (Buffer.byteLength(segment, 'utf8') > LIMITS.pathSegmentBytes) return `a name over ${LIMITS.pathSegmentBytes} bytes`;
  if (FORBIDDEN.test(segment)) return 'a control or reserved character (one of <>:"\\|?*)';
  if (DECEPTIVE.test(segment)) return 'a character that changes how the name displays';
  if (DEVICE.test(segment)) return `"${segment}", a device name`;
  if (/[. ]$/.test(segment)) return 'a name ending in a dot or a space';
  if (segment.normalize('NFC') !== segment) return 'a name not in Unicode normal form (NFC)';
  return null;
}

/** Why a whole relative path is refused, or null when every segment is plain and it stays inside. */
export function pathError(path: string): string | null {
  if (Buffer.byteLength(path, 'utf8') > LIMITS.pathBytes) return `a path over ${LIMITS.pathBytes} bytes`;
  if (path.startsWith('/')) return 'an absolute path';
  if (/^[a-z]:/i.test(path)) return 'a drive letter';
  const segments = path.split('/');
  if (segments.length > LIMITS.pathDepth) return `a path deeper than ${LIMITS.pathDepth} folders`;
  for (const s of segments) {
    const e = segmentError(s);
    if (e !== null) return e;
  }
  return null;
}

interface SafePathBrand {
  readonly SafePath: unique symbol;
}
/** A relative path that passed `pathError`: the only kind an offer may carry. */
export const SafePath = t.brand(t.string, (s): s is t.Branded<string, SafePathBrand> => pathError(s) === null, 'SafePath');
export type SafePath = t.TypeOf<typeof SafePath>;

/**
 * A name free in a folder: `report.pdf`, then `report (1).pdf`, `report (2).pdf`…
 * `taken` says whether a name is used (the disk adapter asks the file system).
 */
export function freeName(name: string, taken: (candidate: string) => boolean): string {
  if (!taken(name)) return name;
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  for (let i = 1; ; i++) {
    const candidate = `${stem} (${i})${ext}`;
    if (!taken(candidate)) return candidate;
  }
}
