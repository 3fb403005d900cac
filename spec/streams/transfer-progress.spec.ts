import { expect } from 'chai';
import { TestScheduler } from 'rxjs/testing';
import { map } from 'rxjs';
import { transferProgress } from '../../streams/transfer-progress.js';
import type { TransferView } from '../../machines/transfer-events.js';

const view = (state: TransferView['state'], bytes: number, id = 't1'): TransferView => ({
  id,
  peerId: 'p',
  peerName: 'bob',
  direction: 'incoming',
  name: 'f',
  size: 1000,
  files: 1,
  bytes,
  state,
  at: 0,
});

describe('streams/transferProgress', () => {
  const ts = () =>
    new TestScheduler((a, b) => {
      expect(a).to.deep.equal(b);
    });

  it('shows progress at most once per window (the latest at its end); a change of state at once, never a stale progress after it', () => {
    const t = ts();
    t.run(({ cold, expectObservable }) => {
      const v = {
        a: view('accepted', 0),
        p: view('progress', 100),
        q: view('progress', 200),
        r: view('progress', 300),
        d: view('done', 1000),
        s: view('progress', 400),
      };
      const src = cold('a-p-q-r 100ms s 300ms d', v);
      expectObservable(
        src.pipe(
          transferProgress(250, t),
          map((o) => `${o.transfer.state}:${o.transfer.bytes}`),
        ),
      ).toBe('a-p 249ms r 155ms d', {
        a: 'accepted:0',
        p: 'progress:100',
        r: 'progress:400',
        d: 'done:1000',
      });
    });
  });

  it('two transfers are throttled apart; a progress pending when the transfer ends is dropped', () => {
    const t = ts();
    t.run(({ cold, expectObservable }) => {
      const v = { p: view('progress', 1, 'A'), q: view('progress', 1, 'B'), r: view('progress', 2, 'A'), c: view('cancelled', 2, 'A') };
      expectObservable(
        cold('pq r c', v).pipe(
          transferProgress(250, t),
          map((o) => `${o.transfer.id}:${o.transfer.state}:${o.transfer.bytes}`),
        ),
      ).toBe('pq-c', { p: 'A:progress:1', q: 'B:progress:1', c: 'A:cancelled:2' });
    });
  });

  it('speed is bytes a second over the last stretch, from the injected clock', () => {
    const t = ts();
    t.run(({ cold, expectObservable }) => {
      const v = { p: view('progress', 0), q: view('progress', 500) };
      expectObservable(
        cold('p 999ms q', v).pipe(
          transferProgress(250, t),
          map((o) => o.rate ?? -1),
        ),
      ).toBe('a 999ms b', { a: -1, b: 500 });
    });
  });
});
