import { displayName, nameKey } from '../../wire/identity/name-key.js';

/**
 * How a peer is named on screen. Two present peers under one name (two
 * installs of bob, or bob and a look-alike) would look identical, so a name
 * that is not unique among present peers carries the start of the id:
 * `bob#43af`. Unique names stay as they are.
 */
export function nameLabels(peers: readonly { readonly id: string; readonly name: string; readonly state?: string }[]) {
  const count = new Map<string, number>();
  for (const p of peers) if (p.state !== 'gone') count.set(nameKey(p.name), (count.get(nameKey(p.name)) ?? 0) + 1);
  return (id: string, name: string): string => ((count.get(nameKey(name)) ?? 0) > 1 ? `${displayName(name)}#${id.slice(0, 4)}` : name);
}
