import { expect } from 'chai';
import { TestScheduler } from 'rxjs/testing';
import { throttleErrors } from '../../streams/throttle-errors.js';

describe('streams/throttleErrors', () => {
  it('shows one error once per window, other errors and other events untouched', () => {
    const ts = new TestScheduler((a, b) => {
      expect(a).to.deep.equal(b);
    });
    ts.run(({ cold, expectObservable }) => {
      const e1 = { type: 'error', error: { code: 'BAD_JSON', message: 'm' } };
      const e2 = { type: 'error', error: { code: 'TOO_DEEP', message: 'm' } };
      const p = { type: 'peer' };
      const src = cold('aaba-pp 10ms a', { a: e1, b: e2, p });
      expectObservable(src.pipe(throttleErrors(5, 1024, ts))).toBe('a-b--pp 10ms a', { a: e1, b: e2, p });
    });
  });

  it("one source's errors of one code are one error, whatever their text; memory is bounded", () => {
    const ts = new TestScheduler((a, b) => {
      expect(a).to.deep.equal(b);
    });
    ts.run(({ cold, expectObservable }) => {
      const from = (source: string, message: string) => ({ type: 'error', error: { code: 'BAD_JSON', message }, source });
      const a1 = from('10.0.0.1', 'x');
      const a2 = from('10.0.0.1', 'y');
      const b1 = from('10.0.0.2', 'x');
      expectObservable(cold('abc', { a: a1, b: a2, c: b1 }).pipe(throttleErrors(5, 1024, ts))).toBe('a-c', { a: a1, c: b1 });
    });
    // With room for one key, a second key pushes the first out, so it shows again.
    const ts2 = new TestScheduler((a, b) => {
      expect(a).to.deep.equal(b);
    });
    ts2.run(({ cold, expectObservable }) => {
      const e = (code: string) => ({ type: 'error', error: { code, message: 'm' } });
      expectObservable(cold('aba', { a: e('A'), b: e('B') }).pipe(throttleErrors(100, 1, ts2))).toBe('aba', { a: e('A'), b: e('B') });
    });
  });

  it("an error answering the user's own send is never held back, however often it comes", () => {
    const ts = new TestScheduler((a, b) => {
      expect(a).to.deep.equal(b);
    });
    ts.run(({ cold, expectObservable }) => {
      const own = { type: 'error', error: { code: 'LEGACY_TOO_LONG', message: 'message is 1100 bytes' }, own: true };
      expectObservable(cold('aaa', { a: own }).pipe(throttleErrors(10_000, 1024, ts))).toBe('aaa', { a: own });
    });
  });
});
