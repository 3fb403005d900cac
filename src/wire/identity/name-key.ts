import { rectifyConfusion } from 'unicode-confusables';

/**
 * Names are compared, pinned and looked up in one normal form, so that what
 * looks like a pinned name is that name. Invisible characters go (controls,
 * format characters such as zero-width spaces, BOM, soft hyphen, bidi marks
 * and tags, line and paragraph separators, variation selectors), then NFKC
 * (full-width and styled letters become plain ones), then case is folded, and
 * each letter is replaced by its prototype in Unicode's confusables table
 * (TR39's skeleton: Cyrillic "о" and Latin "o" are one letter; "rn" and "m"
 * too). The key is for comparing only; people see `displayName`.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]/gu;

/** A name as shown: invisible characters removed, NFKC, spaces collapsed. */
export const displayName = (name: string): string => name.replace(INVISIBLE, '').normalize('NFKC').replace(/\s+/gu, ' ').trim();

const fold = (s: string) => s.toUpperCase().toLowerCase();
const skeleton = (s: string) => rectifyConfusion(s.normalize('NFD')).normalize('NFD');

/** Two names with the same key are the same name to the node. */
export const nameKey = (name: string): string => skeleton(fold(skeleton(fold(displayName(name)))));

/**
 * A name /msg would take for an id: 8 or more hex digits, maybe with dashes
 * (a short id is 8). Such a name is refused, so nobody can stand in for an id.
 */
export const looksLikeId = (name: string): boolean => /^[0-9a-f]{8}[0-9a-f-]*$/i.test(displayName(name));
