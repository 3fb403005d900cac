import { expect } from 'chai';
import dgram from 'node:dgram';
import { fastLoopback, ProcNode } from '../support/proc-node.js';
import { OriginalNode } from '../support/original-node.js';
import { signedBeacon, testIdentity } from '../support/forge.js';

/** `p2p-chat doctor`: a node that listens a while, then says what it saw and the fix (issue 14, the doctor). */
describe('integration: p2p-chat doctor', function () {
  this.timeout(30_000);
  const discoveryPort = 33000 + (process.pid % 20000);
  const doctor = (port: number, extra: string[] = []) =>
    new ProcNode(['doctor', ...fastLoopback(port), '--beacon-interval', '1s', '--name', 'doc', ...extra]);
  const findings = async (n: ProcNode) => {
    const e = await n.waitFor((x) => x.event === 'doctor', 15_000, 'the findings');
    expect(await n.exited).to.equal(0);
    return e['findings'] as Array<{ code: string; level: string; text: string; fix: string | null }>;
  };

  it('alone: nothing heard, with the port to check', async () => {
    const f = await findings(doctor(discoveryPort));
    // FIREWALL_UNKNOWN (an 'ok' finding) only where no nft or iptables is installed.
    expect(f.map((x) => x.code).filter((c) => c !== 'FIREWALL_UNKNOWN')).to.deep.equal(['NOTHING_HEARD']);
    expect(f.find((x) => x.code === 'NOTHING_HEARD')?.fix).to.include(`UDP ${discoveryPort}`);
  });

  it('names the peer it linked with', async () => {
    const port = discoveryPort + 1;
    const bob = new ProcNode([...fastLoopback(port), '--name', 'bob']);
    try {
      await bob.ready();
      const f = await findings(doctor(port));
      expect(f).to.deep.include({ code: 'LINKED', level: 'ok', text: 'linked with 1: bob', fix: null });
    } finally {
      await bob.stop();
    }
  });

  it('an original node on the LAN without --legacy: says so, and the flag', async () => {
    const port = discoveryPort + 2;
    const old = new OriginalNode('0e5c6f2a-6b7e-4bc4-8d1c-8b7a9f3f1e11', 'Oldie', port);
    await old.start();
    const timer = setInterval(() => old.beacon(), 200);
    try {
      const f = await findings(doctor(port));
      const original = f.find((x) => x.code === 'ORIGINAL_NODE');
      expect(original?.fix).to.include('--legacy');
    } finally {
      clearInterval(timer);
      await old.stop();
    }
  });

  it('a beacon from a clock a minute ahead: says a clock is wrong', async () => {
    const port = discoveryPort + 3;
    const sock = dgram.createSocket('udp4');
    const skewed = signedBeacon(testIdentity(77), { name: 'ahead', port: 1, ip: '127.0.0.1', ts: Date.now() + 60_000 });
    const timer = setInterval(() => sock.send(skewed, port, '127.0.0.1'), 200);
    try {
      const f = await findings(doctor(port));
      expect(f.map((x) => x.code)).to.include('CLOCK_SKEW');
    } finally {
      clearInterval(timer);
      sock.close();
    }
  });

  it('beside a running node on the same data dir: says so by code, and listens with a fresh identity', async () => {
    const port = discoveryPort + 4;
    const bob = new ProcNode([...fastLoopback(port), '--name', 'bob']);
    try {
      await bob.ready();
      const n = new ProcNode(['doctor', ...fastLoopback(port), '--beacon-interval', '1s', '--name', 'doc'], { dataDir: bob.dataDir });
      const f = await findings(n);
      const inUse = f.find((x) => x.code === 'DATA_DIR_IN_USE');
      expect(inUse?.text, JSON.stringify(f)).to.match(new RegExp(`is in use by another p2p-chat node \\(pid ${bob.pid}\\)`));
      // A fresh identity: the doctor links with bob as a stranger, not as bob himself.
      expect(f).to.deep.include({ code: 'LINKED', level: 'ok', text: 'linked with 1: bob', fix: null });
      expect(bob.events.some((x) => x.event === 'bye')).to.equal(false); // the running node was left alone
    } finally {
      await bob.stop();
    }
  });
});
