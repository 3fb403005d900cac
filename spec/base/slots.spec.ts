import { expect } from 'chai';
import { Slots } from '../../src/base/slots.js';

describe('base/Slots', () => {
  it('caps one key at its share, leaving the rest for others', () => {
    const s = new Slots(10, 3);
    const a = [s.take('a'), s.take('a'), s.take('a')];
    expect(a.every((t) => typeof t === 'object')).to.equal(true);
    expect(s.take('a')).to.equal('key-full');
    expect(typeof s.take('b')).to.equal('object');
    expect(s.inUse).to.equal(4);
  });

  it('caps the total, and a release frees exactly one slot, once', () => {
    const s = new Slots(2, 2);
    const first = s.take('a');
    s.take('b');
    expect(s.take('c')).to.equal('full');
    if (typeof first !== 'object') throw new Error('expected a slot');
    first.release();
    first.release();
    expect(s.inUse).to.equal(1);
    expect(typeof s.take('c')).to.equal('object');
    expect(s.take('d')).to.equal('full');
  });
});
