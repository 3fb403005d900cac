import { fingerprintOf } from './identity.js';
import { displayName, nameKey } from './name-key.js';
import { LIMITS } from '../protocol/limits.js';
import type { TrustAnswer, TrustStore, TrustVerdict } from '../ports/index.js';

const fingerprintOfKey = (key: string) => fingerprintOf(Buffer.from(key, 'base64url'));
const compact = (s: string) => s.replace(/\s+/g, '').toLowerCase();

/**
 * Trust on first use, in memory. Names are compared by their key (nameKey:
 * invisible characters, case and look-alike letters do not make a new name).
 * A name is pinned when a peer under it completes a handshake, not when a
 * beacon merely claims it, so throwaway beacons cannot fill the pin file.
 * Every other key seen for a pinned name is remembered as refused (a few per
 * name), so `/trust` pins a key the user was shown, never the last one heard.
 * The live node persists the pins through `onChange`; a replay starts from the
 * recording's pins and keeps them in memory, so both decide alike.
 */
export function trustStore(
  initial: Readonly<Record<string, string>>,
  onChange: (pins: Record<string, string>) => void = () => undefined,
): TrustStore {
  const pins = new Map<string, { name: string; key: string }>();
  for (const [name, key] of Object.entries(initial)) if (!pins.has(nameKey(name))) pins.set(nameKey(name), { name, key });
  const refused = new Map<string, Map<string, string>>();
  const changed = () => onChange(Object.fromEntries([...pins.values()].map((p) => [p.name, p.key])));
  /** Whether this key is new among the name's refused keys (so worth a warning). */
  const refuse = (k: string, key: string): boolean => {
    const keys = refused.get(k) ?? new Map<string, string>();
    refused.set(k, keys);
    if (keys.has(key)) return false;
    // Past the cap a key is not remembered; it is warned about (the throttle holds the repeats).
    if (keys.size < LIMITS.refusedKeysPerName) keys.set(key, fingerprintOfKey(key));
    return true;
  };
  const verdict = (name: string, key: string): TrustVerdict => {
    const pinned = pins.get(nameKey(name));
    if (pinned === undefined) return 'unpinned';
    if (pinned.key === key) return 'known';
    return refuse(nameKey(name), key) ? 'changed' : 'still-refused';
  };
  return {
    check: verdict,
    pin(name, key) {
      const v = verdict(name, key);
      if (v !== 'unpinned') return v;
      let held = 0;
      for (const p of pins.values()) if (p.key === key) held++;
      if (held >= LIMITS.namesPerKey) return 'too-many-names';
      pins.set(nameKey(name), { name: displayName(name), key });
      changed();
      return 'pinned';
    },
    isPinned: (name) => pins.has(nameKey(name)),
    refusedFor: (name) => [...(refused.get(nameKey(name))?.values() ?? [])],
    snapshot: () => Object.fromEntries([...pins.values()].map((p) => [p.name, p.key])),
    accept(name, prefix): TrustAnswer {
      const k = nameKey(name);
      const keys = [...(refused.get(k) ?? new Map<string, string>())];
      const fingerprints = keys.map(([, fp]) => fp);
      if (keys.length === 0) return { kind: 'none', name };
      const chosen = prefix === undefined ? keys : keys.filter(([, fp]) => compact(fp).startsWith(compact(prefix)));
      const [only] = chosen;
      if (chosen.length !== 1 || only === undefined) {
        return prefix === undefined || chosen.length > 1
          ? { kind: 'choose', name, fingerprints: chosen.map(([, fp]) => fp) }
          : { kind: 'no-match', name, prefix, fingerprints };
      }
      const [key, fingerprint] = only;
      pins.set(k, { name: pins.get(k)?.name ?? displayName(name), key });
      refused.delete(k);
      changed();
      return { kind: 'trusted', name, fingerprint };
    },
  };
}
