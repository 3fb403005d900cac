import { expect } from 'chai';
import dgram from 'node:dgram';
import net from 'node:net';
import { once } from 'node:events';
import { ProcNode } from '../support/proc-node.js';
import { signedBeacon, testIdentity } from '../support/forge.js';

const GHOST_KEYS = [testIdentity(101), testIdentity(102)];
const GHOSTS = GHOST_KEYS.map((k) => k.id);

/**
 * Two ghosts announce themselves: one whose port refuses connections, one that
 * accepts and then never says a word (black-holed at the application level).
 * Chat between the real peers and the console must not wait for either.
 */
describe('integration: ghost peers never delay real ones', function () {
  this.timeout(20_000);
  const discoveryPort = 25000 + (process.pid % 20000);
  const silent = net.createServer(() => undefined); // accepts, never answers
  const held: net.Socket[] = [];
  silent.on('connection', (s) => held.push(s.on('error', () => undefined)));
  const udp = dgram.createSocket({ type: 'udp4', reuseAddr: true });
  let a: ProcNode, b: ProcNode;

  before(async () => {
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    udp.bind(0, '127.0.0.1');
    await once(udp, 'listening');
    udp.setBroadcast(true);
    a = new ProcNode(['--loopback', '--json', '--name', 'a', '--discovery-port', String(discoveryPort)]);
    b = new ProcNode(['--loopback', '--json', '--name', 'b', '--discovery-port', String(discoveryPort)]);
    const [, rb] = await Promise.all([a.ready(), b.ready()]);
    await a.peerState(rb['id'] as string, 'connected');
  });
  after(async () => {
    await Promise.all([a.stop(), b.stop()]);
    held.forEach((s) => s.destroy());
    silent.close();
    udp.close();
  });

  it('chat and /peers stay prompt while dials to the ghosts hang or fail', async () => {
    const refusedPort = 1; // nothing listens on port 1 here: connection refused
    const silentPort = (silent.address() as net.AddressInfo).port;
    for (const [key, port] of [
      [GHOST_KEYS[0]!, refusedPort],
      [GHOST_KEYS[1]!, silentPort],
    ] as const) {
      udp.send(signedBeacon(key, { name: `ghost${port}`, port }), discoveryPort, '127.255.255.255');
    }
    await Promise.all(GHOSTS.map((id) => a.peerState(id, 'discovered')));
    await once(silent, 'connection'); // a's dial to the silent ghost is now hanging in its handshake
    const [ghostSocket] = held;
    let gaveUp = false;
    ghostSocket?.once('close', () => (gaveUp = true)); // a gives up on the ghost after its 5 s handshake timeout
    const t0 = Date.now();
    a.send('still here?');
    await b.waitFor((e) => e.event === 'chat' && e['content'] === 'still here?');
    a.send('/peers');
    const peers = await a.waitFor((e) => e.event === 'peers');
    // The order is the proof: chat delivered and /peers answered while the ghost's handshake still hangs.
    expect(gaveUp).to.equal(false);
    console.log(`      measured: chat delivered and /peers answered in ${Date.now() - t0} ms with two ghosts pending`);
    const states = Object.fromEntries((peers['peers'] as Array<Record<string, unknown>>).map((p) => [String(p['id']), p['state']]));
    expect(states[GHOSTS[0]!]).to.equal('discovered');
    expect(states[GHOSTS[1]!]).to.equal('discovered');
  });

  it('a flood of 500 junk datagrams is rate limited, logged once, and the real peers keep chatting', async () => {
    for (let i = 0; i < 500; i++) udp.send(`{"Discovery":${i}`, discoveryPort, '127.255.255.255');
    const limited = await a.waitFor((e) => e.event === 'error' && e['code'] === 'RATE_LIMITED');
    expect(limited['message']).to.match(/127\.0\.0\.1/);
    a.send('after the flood');
    await b.waitFor((e) => e.event === 'chat' && e['content'] === 'after the flood');
    expect(a.events.filter((e) => e['code'] === 'RATE_LIMITED')).to.have.length(1);
    expect(a.events.filter((e) => e['code'] === 'BAD_JSON').length).to.be.at.most(64);
  });
});
