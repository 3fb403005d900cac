import * as E from 'fp-ts/lib/Either.js';
import { concat, defer, EMPTY, mergeMap, Observable, of } from 'rxjs';
import type { ErrorView, NodeEvent } from '../machines/events.js';
import type { TransferEvent } from '../machines/transfer-events.js';
import { errorView } from '../machines/error-view.js';
import type { Link, LegacyDelivery, TrustStore } from '../src/wire/ports/index.js';
import { fingerprintOf } from '../src/wire/identity/identity.js';
import { looksLikeId } from '../src/wire/identity/name-key.js';
import { verifyRelayed } from '../src/wire/identity/chat-signature.js';
import { decodeMessage } from '../src/wire/protocol/decode.js';
import { LIMITS } from '../src/wire/protocol/limits.js';

/**
 * One link's life as node events: LINK_UP, a message event per frame, then
 * LINK_DOWN when it closes. A link speaks only for the peer of its hello.
 */
export interface LinkEventDeps {
  readonly now: () => number;
  readonly trust: Pick<TrustStore, 'pin'>;
  /** Whether a chat with this id is already kept (a resend): it is acknowledged again, not shown twice. */
  readonly seen: (id: string) => boolean;
  /** `--accept-from trusted`: offers from a peer whose key was pinned before this link are accepted without asking. */
  readonly acceptFrom?: 'ask' | 'trusted';
  /** The secret channels a peer's proofs prove, of those we are in (the rooms know the secrets; a replay, what they said). */
  readonly proven?: (proofs: readonly string[], senderId: string) => readonly string[];
}

/** Transfer events are told apart from the node's by type. */
const TRANSFER_TYPES: ReadonlySet<string> = new Set(['OFFER_IN', 'FILE_CTRL_IN', 'WANT_IN', 'CHUNK_IN']);
export const isTransferEvent = (e: NodeEvent | TransferEvent | ErrorView): e is TransferEvent => TRANSFER_TYPES.has(e.type);

export function linkEvents(link: Link, deps: LinkEventDeps): Observable<NodeEvent | TransferEvent | ErrorView> {
  const now = deps.now;
  const peerId = link.hello.id;
  const key = Buffer.from(link.remoteKey, 'base64url');
  /** A link we do not keep: the peer is told why in its last frame, then it is closed. */
  const refuse = (code: string, reason: string) => {
    link.send({ type: 'Refused', body: { code, reason } });
    void link.close();
  };
  if (looksLikeId(link.hello.name)) {
    refuse('NAME_LIKE_ID', `your name "${link.hello.name.slice(0, 64)}" looks like a peer id`);
    return of(errorView('NAME_LIKE_ID', `a link from ${link.remoteAddress} is named like a peer id ("${link.hello.name}"); refused`));
  }
  // A completed handshake is what pins a name (a beacon alone never does).
  const pinned = deps.trust.pin(link.hello.name, link.remoteKey);
  if (pinned === 'too-many-names') {
    refuse('RATE_LIMITED', `your key already holds ${LIMITS.namesPerKey} names here`);
    return of(
      errorView('RATE_LIMITED', `the key of ${link.hello.name} (${fingerprintOf(key)}) already holds ${LIMITS.namesPerKey} names; refused`),
    );
  }
  if (pinned === 'still-refused') {
    refuse('KEY_CHANGED', `the name ${link.hello.name.slice(0, 64)} is pinned to another key there`);
    return EMPTY;
  }
  if (pinned === 'changed') {
    refuse('KEY_CHANGED', `the name ${link.hello.name.slice(0, 64)} is pinned to another key there`);
    return of(
      errorView(
        'KEY_CHANGED',
        `WARNING: "${link.hello.name}" connected with another key (fingerprint ${fingerprintOf(key)}), not the one pinned. Refused. If ${link.hello.name} really has a new key, type /trust ${link.hello.name}`,
      ),
    );
  }
  const up = defer(() =>
    of<NodeEvent>({
      type: 'LINK_UP',
      linkId: link.id,
      direction: link.direction,
      hello: link.hello,
      fingerprint: fingerprintOf(key),
      address: link.remoteAddress,
      at: now(),
      ...(link.via !== undefined ? { via: link.via } : {}),
    }),
  );
  let relayed = 0;
  // Pinned before this link: a peer met before, not a stranger who just appeared under a new name.
  const trusted = deps.acceptFrom === 'trusted' && pinned === 'known';
  const messages = link.messages$.pipe(
    mergeMap((decoded): Observable<NodeEvent | TransferEvent | ErrorView> => {
      if (E.isLeft(decoded))
        return of(errorView(decoded.left.code, `${decoded.left.message} (link from ${link.hello.name})`, `link:${peerId}`));
      const m = decoded.right;
      const at = now();
      switch (m.type) {
        case 'Chat':
          if (m.body.from_id !== peerId)
            return of(errorView('UNEXPECTED_MESSAGE', `chat on ${link.hello.name}'s link claims another sender`));
          return of({
            type: 'CHAT_IN',
            peerId,
            linkId: link.id,
            chat: m.body,
            at,
            duplicate: m.body.id !== undefined && deps.seen(m.body.id),
          });
        case 'Ack':
          return of({ type: 'ACK_IN', peerId, linkId: link.id, ids: m.body.ids, at });
        case 'Have':
          return of({ type: 'HAVE_IN', peerId, linkId: link.id, authors: m.body.authors, at });
        case 'Relay': {
          if (++relayed > LIMITS.catchUpMessages) {
            return relayed === LIMITS.catchUpMessages + 1
              ? of(
                  errorView(
                    'RATE_LIMITED',
                    `${link.hello.name} passed on over ${LIMITS.catchUpMessages} messages in one catch-up; dropping the rest`,
                    `relay:${peerId}`,
                  ),
                )
              : EMPTY;
          }
          const verified = verifyRelayed(m.body.chat, m.body.key);
          if (E.isLeft(verified))
            return of(
              errorView(verified.left.code, `${verified.left.message} (passed on by ${link.hello.name}); dropped`, `relay:${peerId}`),
            );
          const chat = verified.right;
          return of({ type: 'RELAY_IN', peerId, linkId: link.id, chat, key: m.body.key, at, duplicate: deps.seen(chat.id) });
        }
        case 'Ping':
          return of({ type: 'TRAFFIC', peerId, linkId: link.id, at, ping: m.body });
        case 'Pong':
          return of({ type: 'TRAFFIC', peerId, linkId: link.id, at, rtt: Math.max(0, at - m.body.sent) });
        case 'Heartbeat':
          return of({ type: 'TRAFFIC', peerId, linkId: link.id, at });
        case 'Status':
          return of({ type: 'STATUS_IN', peerId, linkId: link.id, away: m.body.away, at });
        case 'Links':
          return of({ type: 'LINKS_IN', peerId, linkId: link.id, peers: m.body.peers, at });
        // Secret channels are proved, never named: the proofs are checked where the secrets are.
        case 'Channels': {
          const secret = m.body.secret.length > 0 ? (deps.proven?.(m.body.secret, peerId) ?? []) : [];
          return of({ type: 'CHANNELS_IN', peerId, linkId: link.id, channels: [...m.body.lan, ...secret], at });
        }
        case 'Offer':
          return of({ type: 'OFFER_IN', peerId, peerName: link.hello.name, linkId: link.id, offer: m.body, trusted, at });
        case 'FileControl':
          return of({ type: 'FILE_CTRL_IN', peerId, linkId: link.id, control: m.body, at });
        case 'Want':
          return of({ type: 'WANT_IN', peerId, linkId: link.id, want: m.body, at });
        case 'FileChunk':
          return of({ type: 'CHUNK_IN', peerId, linkId: link.id, chunk: m.body, at });
        case 'Refused':
          return of(
            errorView(
              'REFUSED_BY_PEER',
              `${link.hello.name} refused this node: ${m.body.reason} (${m.body.code}); retrying less often`,
              `refused:${peerId}`,
            ),
          );
        case 'Exit':
          return m.body === peerId
            ? of({ type: 'EXIT', peerId, linkId: link.id, at })
            : of(errorView('UNEXPECTED_MESSAGE', `exit on ${link.hello.name}'s link names another peer`));
        default:
          return of(errorView('UNEXPECTED_MESSAGE', `${m.type} after the handshake`));
      }
    }),
  );
  const down = defer(() => of<NodeEvent>({ type: 'LINK_DOWN', linkId: link.id, peerId, at: now() }));
  return concat(up, messages, down);
}

/**
 * A one-shot delivery from an original node → a chat or an exit. Original
 * chats carry no id; `newId` gives them one so every shown chat has one.
 */
export function legacyEvents(
  deliveries$: Observable<LegacyDelivery>,
  opts: { now: () => number; newId: () => string; enabled: boolean },
): Observable<NodeEvent | ErrorView> {
  return deliveries$.pipe(
    mergeMap((d): Observable<NodeEvent | ErrorView> => {
      if (!opts.enabled)
        return of(errorView('LEGACY_IGNORED', `original-format message from ${d.address} ignored; start with --legacy to accept`));
      const decoded = decodeMessage(d.bytes, LIMITS.legacyMessageBytes);
      if (E.isLeft(decoded)) return of(errorView(decoded.left.code, `${decoded.left.message} (one-shot from ${d.address})`, d.address));
      const m = decoded.right;
      if (m.type === 'Chat') {
        // An original node lives in #lan alone: a channel its bytes name is not believed.
        const { channel: _ignored, ...body } = m.body;
        return of({ type: 'CHAT_IN', peerId: m.body.from_id, linkId: null, chat: { ...body, id: opts.newId() }, at: opts.now() });
      }
      if (m.type === 'Exit') return of({ type: 'EXIT', peerId: m.body, linkId: null, at: opts.now() });
      if (m.type === 'Heartbeat') return of({ type: 'TRAFFIC', peerId: m.body, linkId: null, at: opts.now() });
      return of(errorView('UNEXPECTED_MESSAGE', `${m.type} on a one-shot connection from ${d.address}`));
    }),
  );
}
