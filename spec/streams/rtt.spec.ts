import { expect } from 'chai';
import * as E from 'fp-ts/lib/Either.js';
import { lastValueFrom, of, Subject, toArray } from 'rxjs';
import type { NodeEvent } from '../../machines/events.js';
import { DrivenScheduler } from '../../src/base/driven-scheduler.js';
import { pingOf, type Hello, type Message } from '../../src/wire/protocol/messages.js';
import type { Link } from '../../src/wire/ports/index.js';
import type { P2PError } from '../../src/wire/protocol/errors.js';
import { writes } from '../../streams/fanout.js';
import { isTransferEvent, linkEvents } from '../../streams/link-events.js';
import { ALICE } from '../support/node-harness.js';

/**
 * RTT is the link's round trip. A heartbeat timer due at virtual 1000 may run
 * late (the real timer fired at wall 1003); the ping is stamped by the link when
 * it is written (1003), the pong arrives 0.37 ms later, and that is the RTT,
 * not 3.37 ms.
 */
describe('streams: RTT measures the link, not a timer', () => {
  it('a late heartbeat timer does not inflate the round trip: a 0.37 ms link reports 0.37 ms (within 0.1 ms)', async () => {
    let wall = 1003;
    const scheduler = new DrivenScheduler(1000); // the timer's due time: the virtual clock stands there while the ping goes out
    const incoming = new Subject<E.Either<P2PError, Message>>();
    const sent: Message[] = [];
    const link: Link = {
      id: 'L1',
      direction: 'outbound',
      remoteAddress: '10.0.0.2',
      hello: { id: ALICE, name: 'alice', port: 4000, version: 3 } as Hello,
      remoteKey: 'k',
      messages$: incoming,
      send: (m) => (sent.push(m), E.right(undefined)),
      ping: (seq) => {
        const body = pingOf(seq, wall); // as the real link does: its own clock, at the write
        return body ? link.send({ type: 'Ping', body }) : E.left({ code: 'BAD_FIELDS', message: 'seq' });
      },
      close: () => Promise.resolve(),
    };
    const events: NodeEvent[] = [];
    const sub = linkEvents(link, { now: () => scheduler.now(), trust: { pin: () => 'known' as const }, seen: () => false }).subscribe(
      (e) => e.type !== 'error' && !isTransferEvent(e) && events.push(e),
    );
    await lastValueFrom(
      writes(of({ type: 'ping', peerId: ALICE, linkId: 'L1' }), {
        transport: { sendOneShot: () => Promise.resolve() },
        link: () => link,
      }).pipe(toArray()),
    );
    const [ping] = sent;
    expect(ping?.type).to.equal('Ping');
    // The pong comes back 0.37 ms after the write; the boundary brings the clock to the wall first.
    wall += 0.37;
    scheduler.advanceTo(wall);
    if (ping?.type === 'Ping') incoming.next(E.right({ type: 'Pong', body: ping.body }));
    sub.unsubscribe();
    const traffic = events.find((e) => e.type === 'TRAFFIC');
    expect(traffic?.type === 'TRAFFIC' && traffic.rtt).to.be.closeTo(0.37, 0.1);
  });
});
