import { expect } from 'chai';
import { TestScheduler } from 'rxjs/testing';
import { throttleErrors } from '../../streams/throttle-errors.js';

describe('streams/throttleErrors', () => {
  it('shows one error once per window, other errors and other events untouched', () => {
    const ts = new TestScheduler((a, b) => { expect(a).to.deep.equal(b); });
    ts.run(({ cold, expectObservable }) => {
      const e1 = { type: 'error', error: { code: 'BAD_JSON', message: 'm' } };
      const e2 = { type: 'error', error: { code: 'TOO_DEEP', message: 'm' } };
      const p = { type: 'peer' };
      const src = cold('aaba-pp 10ms a', { a: e1, b: e2, p });
      expectObservable(src.pipe(throttleErrors(5, ts))).toBe('a-b--pp 10ms a', { a: e1, b: e2, p });
    });
  });
});
