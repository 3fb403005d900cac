import type { PeerView } from '../../../machines/events.js';
import { ownErrorView } from '../../../machines/error-view.js';
import { nameKey } from '../../wire/identity/name-key.js';
import type { TrustAnswer } from '../../wire/ports/index.js';
import type { Output } from '../output.js';

/**
 * What `/trust` shows. Nothing to trust is an error (so `--json` says so as the
 * console does), and trusting a new key while the old one is still connected
 * says that the old one keeps its link: two peers now go by the name.
 */
export function trustReply(answer: TrustAnswer, present: readonly PeerView[]): Output[] {
  if (answer.kind === 'none') return [ownErrorView('UNKNOWN_PEER', `no refused key for ${answer.name} to trust`)];
  const out: Output[] = [{ type: 'trusted', answer }];
  if (answer.kind !== 'trusted') return out;
  for (const p of present)
    if (p.state !== 'gone' && !p.legacy && nameKey(p.name) === nameKey(answer.name) && p.fingerprint !== answer.fingerprint)
      out.push({
        type: 'note',
        id: p.id,
        text: `the old key of ${p.name} (${p.id.slice(0, 8)}, fingerprint ${p.fingerprint}) is still connected; it keeps its link until it leaves`,
      });
  return out;
}
