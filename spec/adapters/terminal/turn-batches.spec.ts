import { expect } from 'chai';
import { Subject } from 'rxjs';
import { turnBatches } from '../../../src/adapters/terminal/turn-batches.js';

describe('adapters/turn-batches: what came in one turn, as one batch (issue 12)', () => {
  it('groups what a source emits in one turn; the next turn is the next batch; an end hands on what is held', async () => {
    const src = new Subject<string>();
    const got: string[][] = [];
    let done = false;
    src.pipe(turnBatches()).subscribe({ next: (b) => got.push(b), complete: () => (done = true) });
    src.next('a');
    src.next('b');
    src.next('c');
    expect(got).to.deep.equal([]);
    await new Promise((r) => setImmediate(r));
    expect(got).to.deep.equal([['a', 'b', 'c']]);
    src.next('d');
    src.complete();
    expect(got).to.deep.equal([['a', 'b', 'c'], ['d']]);
    expect(done).to.equal(true);
  });

  it('holds nothing after it is unsubscribed', async () => {
    const src = new Subject<string>();
    const got: string[][] = [];
    const sub = src.pipe(turnBatches()).subscribe((b) => got.push(b));
    src.next('a');
    sub.unsubscribe();
    await new Promise((r) => setImmediate(r));
    expect(got).to.deep.equal([]);
  });
});
