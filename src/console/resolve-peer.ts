import * as E from 'fp-ts/lib/Either.js';
import type { PeerView } from '../../machines/events.js';
import { p2pError, type P2PError } from '../wire/protocol/errors.js';

/**
 * `/msg` target → one peer: an exact name (case-insensitive) first, then an id
 * prefix. Gone peers are not candidates; two matches are an error, not a guess.
 */
export function resolvePeer<P extends Pick<PeerView, 'id' | 'name'> & { readonly state?: string }>(
  peers: readonly P[],
  target: string,
): E.Either<P2PError, P> {
  const live = peers.filter((p) => p.state !== 'gone');
  const t = target.toLowerCase();
  const byName = live.filter((p) => p.name.toLowerCase() === t);
  const candidates = byName.length > 0 ? byName : live.filter((p) => p.id.toLowerCase().startsWith(t));
  const [only] = candidates;
  if (candidates.length === 1 && only) return E.right(only);
  if (candidates.length === 0) return E.left(p2pError('UNKNOWN_PEER', `no peer named or with id starting "${target}"; see /peers`));
  const ids = candidates.map((p) => `${p.name} (${p.id.slice(0, 8)})`).join(', ');
  return E.left(p2pError('AMBIGUOUS_PEER', `"${target}" matches ${ids}; use a longer id prefix`));
}
