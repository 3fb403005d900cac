import { expect } from 'chai';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openRooms } from '../../../src/adapters/rooms/rooms.js';
import { testIdentity } from '../../support/forge.js';
import { tempDataDir } from '../../support/proc-node.js';

/** The rooms file keeps the rooms' secrets: a file that does not read is never written over. */
describe('adapters/rooms', () => {
  const options = {
    identity: testIdentity(5),
    // Nothing listens here: the swarm must not even open in these specs.
    bootstrap: ['127.0.0.1:1'],
    reachable: true,
    hello: () => null,
    clock: () => 0,
    handshakeMs: 1000,
  };

  it('a rooms.json that does not read refuses a join and is left as it is', async () => {
    const file = path.join(tempDataDir(), 'rooms.json');
    writeFileSync(file, '{"team": "secret", broken');
    const rooms = openRooms(file, options);
    const answer = rooms.act({ kind: 'join', arg: 'other' });
    expect(answer.kind).to.equal('error');
    expect(answer.kind === 'error' && answer.error.message).to.match(/rooms\.json does not read/);
    expect(readFileSync(file, 'utf8')).to.equal('{"team": "secret", broken');
    await rooms.close();
  });
});
