import { expect } from 'chai';
import * as E from 'fp-ts/lib/Either.js';
import { Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { legacyEvents, linkEvents } from '../../streams/link-events.js';
import type { P2PError } from '../../src/wire/protocol/errors.js';
import type { Message } from '../../src/wire/protocol/messages.js';
import type { Link } from '../../src/wire/ports/index.js';
import { ALICE, BOB } from '../support/node-harness.js';
import { fingerprintOf } from '../../src/wire/identity/identity.js';

const KEY = Buffer.alloc(32, 7).toString('base64url');
const known = { pin: () => 'known' as const };
const hello = { id: ALICE, name: 'alice', port: 4000, version: 1 } as Link['hello'];
const fakeLink = (messages$: Observable<E.Either<P2PError, Message>>): Link => ({
  id: 'L1',
  direction: 'inbound',
  remoteAddress: '10.0.0.2',
  hello,
  remoteKey: KEY,
  messages$,
  send: () => E.right(undefined),
  ping: () => E.right(undefined),
  close: () => Promise.resolve(),
});
const chat = (from: string) => ({ from_id: from, from_name: 'x', content: 'hi', timestamp: 1 }) as never;

describe('streams/link-events', () => {
  it('LINK_UP, one event per message, LINK_DOWN when the link completes', () => {
    new TestScheduler((a, b) => {
      expect(a).to.deep.equal(b);
    }).run(({ cold, expectObservable }) => {
      const msgs = cold<E.Either<P2PError, Message>>('-a-b-c|', {
        a: E.right({ type: 'Ping', body: { seq: 1, sent: 10 } as never }),
        b: E.right({ type: 'Pong', body: { seq: 1, sent: 40 } as never }),
        c: E.right({ type: 'Chat', body: chat(ALICE) }),
      });
      expectObservable(linkEvents(fakeLink(msgs), { now: () => 50, trust: known, seen: () => false })).toBe('ua-b-c(d|)', {
        u: {
          type: 'LINK_UP',
          linkId: 'L1',
          direction: 'inbound',
          hello,
          fingerprint: fingerprintOf(Buffer.from(KEY, 'base64url')),
          address: '10.0.0.2',
          at: 50,
        },
        a: { type: 'TRAFFIC', peerId: ALICE, linkId: 'L1', at: 50, ping: { seq: 1, sent: 10 } },
        b: { type: 'TRAFFIC', peerId: ALICE, linkId: 'L1', at: 50, rtt: 10 },
        c: { type: 'CHAT_IN', peerId: ALICE, linkId: 'L1', chat: chat(ALICE), at: 50, duplicate: false },
        d: { type: 'LINK_DOWN', linkId: 'L1', peerId: ALICE, at: 50 },
      });
    });
  });

  it('a link cannot speak for another peer, nor send a second hello', () => {
    const out: string[] = [];
    const msgs = new Observable<E.Either<P2PError, Message>>((s) => {
      s.next(E.right({ type: 'Chat', body: chat(BOB) }));
      s.next(E.right({ type: 'Exit', body: BOB as never }));
      s.next(E.right({ type: 'Hello', body: hello }));
      s.next(E.left({ code: 'BAD_JSON', message: 'x' }));
      s.complete();
    });
    linkEvents(fakeLink(msgs), { now: () => 0, trust: known, seen: () => false }).subscribe((e) =>
      out.push(e.type === 'error' ? e.error.code : e.type),
    );
    expect(out).to.deep.equal(['LINK_UP', 'UNEXPECTED_MESSAGE', 'UNEXPECTED_MESSAGE', 'UNEXPECTED_MESSAGE', 'BAD_JSON', 'LINK_DOWN']);
  });

  it('one-shot legacy deliveries become chats with a fresh id, or a hint when --legacy is off', () => {
    const bytes = Buffer.from(`{"Chat":{"from_id":"${ALICE}","from_name":"old","content":"hey","timestamp":7}}`);
    const events: unknown[] = [];
    const deliveries = new Observable<{ address: string; bytes: Buffer }>((s) => {
      s.next({ address: '10.0.0.9', bytes });
      s.next({ address: '10.0.0.9', bytes: Buffer.from('{"Chat":') });
      s.complete();
    });
    legacyEvents(deliveries, { now: () => 3, newId: () => 'N1', enabled: true }).subscribe((e) => events.push(e));
    expect(events[0]).to.deep.equal({
      type: 'CHAT_IN',
      peerId: ALICE,
      linkId: null,
      at: 3,
      chat: { from_id: ALICE, from_name: 'old', content: 'hey', timestamp: 7, id: 'N1' },
    });
    expect((events[1] as { error: P2PError }).error.code).to.equal('BAD_JSON');
    const off: string[] = [];
    legacyEvents(deliveries, { now: () => 3, newId: () => 'N1', enabled: false }).subscribe((e) =>
      off.push(e.type === 'error' ? e.error.code : e.type),
    );
    expect(off).to.deep.equal(['LEGACY_IGNORED', 'LEGACY_IGNORED']);
  });
});
