import { expect } from 'chai';
import { TestScheduler } from 'rxjs/testing';
import { createActor } from 'xstate';
import { nodeMachine, type Emitted } from '../../machines/index.js';
import { emitted$ } from '../../streams/bridge.js';
import { schedulerClock } from '../../streams/clock.js';
import { ALICE, DELIVERY, SELF, TIMING, linkUp } from '../support/node-harness.js';

describe('streams/clock: one virtual time for XState and RxJS', () => {
  it("the peer machine goes stale and gone on the TestScheduler's time", () => {
    const ts = new TestScheduler((a, b) => {
      expect(a).to.deep.equal(b);
    });
    ts.run(({ expectObservable, cold }) => {
      const actor = createActor(nodeMachine, {
        clock: schedulerClock(ts),
        input: { selfId: SELF, selfName: 'me', timing: TIMING, legacy: false, maxPeers: 8, maxPeersPerSource: 8, ...DELIVERY },
      });
      const states$ = emitted$(actor);
      const seen: string[] = [];
      states$.subscribe((e: Emitted) => e.type === 'peer' && seen.push(`${ts.now()}:${e.peer.state}`));
      actor.start();
      cold('a').subscribe(() => actor.send(linkUp(ALICE, 'L1', 'outbound')));
      cold('18001ms a').subscribe(() => {
        expect(seen).to.deep.equal(['0:connected', '3000:stale', '18000:gone']);
        actor.stop();
      });
      expectObservable(cold('|')).toBe('|');
    });
  });

  it('emitted$ completes when the actor stops, and unsubscribing removes its listener', () => {
    const actor = createActor(nodeMachine, {
      input: { selfId: SELF, selfName: 'me', timing: TIMING, legacy: false, maxPeers: 8, maxPeersPerSource: 8, ...DELIVERY },
    }).start();
    let completed = false;
    const sub = emitted$(actor).subscribe({ complete: () => (completed = true) });
    actor.stop();
    expect(completed).to.equal(true);
    expect(sub.closed).to.equal(true);
  });
});
