import { expect } from 'chai';
import { map } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { rateLimitBy } from '../../streams/rate-limit.js';

describe('streams/rateLimitBy', () => {
  const ts = () =>
    new TestScheduler((a, b) => {
      expect(a).to.deep.equal(b);
    });

  it('lets a burst through, reports the first drop once, refills with time', () => {
    const s = ts();
    s.run(({ cold, expectObservable }) => {
      // burst 2, 1 token per second: a a a a → pass pass drop(reported) drop(silent); 1 s later one passes.
      const src = cold('aaaa 999ms a', { a: 'x' });
      const out = src.pipe(
        rateLimitBy(() => 'k', { burst: 2, perSecond: 1, maxKeys: 8 }, s),
        map((r) => (r.pass ? 'p' : 'd')),
      );
      expectObservable(out).toBe('ppd- 999ms p');
    });
  });

  it('keys are independent: one flooding source does not starve another', () => {
    const s = ts();
    s.run(({ cold, expectObservable }) => {
      const src = cold('aaaab', { a: 'flood', b: 'quiet' });
      const out = src.pipe(
        rateLimitBy((x) => x, { burst: 1, perSecond: 1, maxKeys: 8 }, s),
        map((r) => `${r.item[0]}${r.pass ? '+' : '-'}`),
      );
      expectObservable(out).toBe('ab--c', { a: 'f+', b: 'f-', c: 'q+' });
    });
  });

  it('remembers at most maxKeys sources', () => {
    const s = ts();
    s.run(({ cold, expectObservable }) => {
      // With room for one key, "a" is forgotten when "b" arrives, so "a" starts with a full bucket again.
      const src = cold('aba', { a: 'a', b: 'b' });
      const out = src.pipe(
        rateLimitBy((x) => x, { burst: 1, perSecond: 0, maxKeys: 1 }, s),
        map((r) => (r.pass ? 'p' : 'd')),
      );
      expectObservable(out).toBe('ppp');
    });
  });
});
