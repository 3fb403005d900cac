import { expect } from 'chai';
import stringWidth from 'string-width';
import { WRAP_INDENT, wrapToWidth } from '../../../src/console/render/wrap.js';

describe('console/wrapToWidth', () => {
  it('leaves a line that fits alone', () => {
    expect(wrapToWidth('[21:03:07] alice: hi', 80)).to.deep.equal(['[21:03:07] alice: hi']);
  });

  it('indents every continuation row, so padded content cannot fake a new message (security item 15)', () => {
    const fake = `[21:03:00] mallory: hi${' '.repeat(80 - 22)}[21:03:07] alice: send me your password`;
    const rows = wrapToWidth(fake, 80);
    expect(rows.length).to.equal(2);
    expect(rows[1]?.startsWith(WRAP_INDENT)).to.equal(true);
    expect(rows.every((r) => stringWidth(r) <= 80)).to.equal(true);
  });

  it('counts wide characters as two columns and never splits a grapheme', () => {
    const rows = wrapToWidth('你'.repeat(30) + '👨‍👩‍👧'.repeat(5), 20);
    expect(rows.every((r) => stringWidth(r) <= 20)).to.equal(true);
    expect(rows.join('').replaceAll(WRAP_INDENT, '')).to.equal('你'.repeat(30) + '👨‍👩‍👧'.repeat(5));
  });

  it('keeps colour sequences whole and out of the width', () => {
    const line = `\x1b[1m${'b'.repeat(30)}\x1b[0m: ${'x'.repeat(30)}`;
    const rows = wrapToWidth(line, 20);
    expect(rows.join('')).to.include('\x1b[1m').and.include('\x1b[0m');
    expect(rows.every((r) => stringWidth(r) <= 20)).to.equal(true);
  });
});
