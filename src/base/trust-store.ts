import { fingerprintOf } from '../wire/identity/identity.js';
import type { TrustStore, TrustVerdict } from '../wire/ports.js';

/**
 * Trust on first use, in memory: the first key seen for a name is pinned, another
 * key for it is refused until accepted. The live node persists the pins through
 * `onChange`; a replay starts from the recording's pins and keeps them in memory,
 * so both make the same decisions and show the same answers.
 */
export function trustStore(
  initial: Readonly<Record<string, string>>,
  onChange: (pins: Record<string, string>) => void = () => undefined,
): TrustStore {
  const pins = new Map(Object.entries(initial));
  const refused = new Map<string, string>();
  const changed = () => onChange(Object.fromEntries(pins));
  return {
    check(name, key): TrustVerdict {
      const pinned = pins.get(name);
      if (pinned === undefined) {
        pins.set(name, key);
        changed();
        return 'pinned';
      }
      if (pinned === key) return 'known';
      refused.set(name, key);
      return 'changed';
    },
    isPinned: (name) => pins.has(name),
    snapshot: () => Object.fromEntries(pins),
    accept(name) {
      const key = refused.get(name);
      if (key === undefined) return null;
      pins.set(name, key);
      refused.delete(name);
      changed();
      return fingerprintOf(Buffer.from(key, 'base64url'));
    },
  };
}
