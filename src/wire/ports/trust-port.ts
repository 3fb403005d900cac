/** What a name's pin says of a key: none yet, this key, or another key (refused). */
/** `changed`: another key, seen for the first time (warn); `still-refused`: one already warned about (drop quietly). */
export type TrustVerdict = 'unpinned' | 'known' | 'changed' | 'still-refused';

/** `/trust NAME [FINGERPRINT-PREFIX]`: what it did. */
export type TrustAnswer =
  | { readonly kind: 'trusted'; readonly name: string; readonly fingerprint: string }
  | { readonly kind: 'none'; readonly name: string }
  /** Several keys were refused for this name (or several match the prefix): the user must pick one. */
  | { readonly kind: 'choose'; readonly name: string; readonly fingerprints: readonly string[] }
  | { readonly kind: 'no-match'; readonly name: string; readonly prefix: string; readonly fingerprints: readonly string[] };

/**
 * Trust on first use: the first key to complete a handshake under a name pins it;
 * another key for that name (compared by nameKey) is refused until the user trusts it.
 */
export interface TrustStore {
  /** What the pin says of this key; a refused key is remembered for /trust. Pins nothing. */
  check(name: string, key: string): TrustVerdict;
  /** After a handshake: pins a name seen for the first time, else as check. */
  pin(name: string, key: string): 'pinned' | Exclude<TrustVerdict, 'unpinned'> | 'too-many-names';
  isPinned(name: string): boolean;
  /** `/trust NAME [PREFIX]`: pin a refused key the user was shown, chosen by fingerprint prefix when there are several. */
  accept(name: string, fingerprintPrefix?: string): TrustAnswer;
  /** Fingerprints of the keys refused for a name so far (not trusted), for /whois. */
  refusedFor(name: string): readonly string[];
  /** The pins as they are now (name → key), for a recording's header. */
  snapshot(): Record<string, string>;
}
