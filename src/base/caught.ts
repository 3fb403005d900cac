/** What a caught value says: its message, whatever was thrown. */
export const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** A Node system error's code (ENOENT, EEXIST …), if it carries one. */
export const codeOf = (e: unknown): string | undefined =>
  typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' ? e.code : undefined;

/** Forgets a Map's least recently inserted key (Maps keep insertion order), if it has any. */
export function dropOldest<K, V>(m: Map<K, V>): void {
  const first = m.keys().next();
  if (!first.done) m.delete(first.value);
}
