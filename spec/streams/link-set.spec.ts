import { expect } from 'chai';
import { TestScheduler } from 'rxjs/testing';
import { linkedIds, linkSetChanges } from '../../streams/link-set.js';
import { peerView } from '../support/peer-view.js';

const A = 'aaaaaaaa-0000-4000-8000-000000000000';
const B = 'bbbbbbbb-0000-4000-8000-000000000000';
const C = 'cccccccc-0000-4000-8000-000000000000';

describe('streams/link-set', () => {
  it('a node is linked to its connected native peers only, sorted', () => {
    const views = [
      peerView(C, 'c'),
      peerView(A, 'a', { state: 'stale' }),
      peerView(B, 'b'),
      peerView('legacy-1', 'l', { legacy: true, verified: false }),
    ];
    expect(linkedIds(views)).to.deep.equal([B, C]);
  });

  it('a burst of changes goes out once per window, and an unchanged set not at all', () => {
    const ts = new TestScheduler((a, b) => {
      expect(a).to.deep.equal(b);
    });
    ts.run(({ cold, expectObservable }) => {
      let now: string[] = [];
      const at: Record<string, string[]> = { a: [A], b: [A, B], c: [A, B], d: [A] };
      const changes = cold('a b 100ms c 2000ms d');
      // The machines change first; the stream hears of it after.
      changes.subscribe((k) => (now = at[k] ?? []));
      const views = () => now.map((id) => peerView(id, 'p'));
      expectObservable(linkSetChanges(changes, views, 1000, ts)).toBe('1000ms x 2102ms y', { x: [A, B], y: [A] });
    });
  });
});
