import * as E from 'fp-ts/lib/Either.js';
import type { PeerView } from '../../../machines/events.js';
import { nameKey } from '../../wire/identity/name-key.js';
import { p2pError, type P2PError } from '../../wire/protocol/errors.js';

/**
 * `/msg` target → one peer. Names are compared as they are pinned (nameKey:
 * case, invisible characters and look-alike letters do not count), and id
 * prefixes count as much as names: a target that is one peer's name and
 * another's id prefix is ambiguous, never a guess. Gone peers are not candidates.
 */
export function resolvePeer<P extends Pick<PeerView, 'id' | 'name'> & { readonly state?: string }>(
  peers: readonly P[],
  target: string,
): E.Either<P2PError, P> {
  const live = peers.filter((p) => p.state !== 'gone');
  const key = nameKey(target);
  const prefix = target.toLowerCase();
  const candidates = live.filter((p) => nameKey(p.name) === key || (prefix.length > 0 && p.id.toLowerCase().startsWith(prefix)));
  const [only] = candidates;
  if (candidates.length === 1 && only) return E.right(only);
  if (candidates.length === 0) return E.left(p2pError('UNKNOWN_PEER', `no peer named or with id starting "${target}"; see /peers`));
  const ids = candidates.map((p) => `${p.name} (${p.id.slice(0, 8)})`).join(', ');
  return E.left(p2pError('AMBIGUOUS_PEER', `"${target}" matches ${ids}; use a longer id prefix`));
}
