import { expect } from 'chai';
import { complete } from '../../../src/console/input/complete.js';

describe('console/complete (issue 11 item 15)', () => {
  const names = ['bob', 'bobby', 'mary jane', 'alice'];

  it('completes commands at the start of the line', () => {
    expect(complete('/ms', names)).to.deep.equal([['/msg '], '/ms']);
    expect(complete('/p', names)[0]).to.deep.equal(['/peers ', '/pending ']);
  });

  it("completes a peer's name after a command that takes one, quoting names with spaces", () => {
    expect(complete('/msg bo', names)).to.deep.equal([['bob ', 'bobby '], 'bo']);
    expect(complete('/whois ma', names)).to.deep.equal([['"mary jane" '], 'ma']);
    expect(complete('/msg "ma', names)).to.deep.equal([['"mary jane" '], '"ma']);
  });

  it('completes nothing inside a message', () => {
    expect(complete('hello bo', names)).to.deep.equal([[], 'hello bo']);
    expect(complete('/msg bob hi th', names)).to.deep.equal([[], '/msg bob hi th']);
    expect(complete('/search bo', names)).to.deep.equal([[], '/search bo']);
  });
});
