import { expect } from 'chai';
import { execFileSync, spawn } from 'node:child_process';
import { ProcNode } from '../support/proc-node.js';
import { buildLan, LAN_FAST, lanFor, type Lan } from '../support/netns-lan.js';

type Finding = { code: string; level: string; text: string; fix: string | null };

/**
 * The doctor on a real LAN (issue 14): each cause made real in a network
 * namespace (a firewall rule, a missing route, another program on the port),
 * and the doctor names it, with the fix.
 */
describe('LAN: the doctor names what the system does wrong', function () {
  this.timeout(60_000);
  let lan: Lan | null = null;
  const nodes: ProcNode[] = [];
  const inNs = (i: number, ...cmd: string[]) => execFileSync('ip', ['netns', 'exec', lan!.hosts[i]!.netns, ...cmd]);
  const doctor = async (i: number, extra: string[] = []) => {
    const n = new ProcNode(['doctor', '--json', '--name', `doc${i}`, '--beacon-interval', '1s', ...LAN_FAST, ...extra], {
      netns: lan!.hosts[i]!.netns,
    });
    nodes.push(n);
    const e = await n.waitFor((x) => x.event === 'doctor', 20_000, 'the findings');
    expect(await n.exited).to.equal(0);
    return e['findings'] as Finding[];
  };

  before(async function () {
    lan = lanFor(this, 'DOCTOR LAN SPECS', () => buildLan(3));
    // A node on host 3 beacons to the LAN all along.
    const bob = new ProcNode(['--json', '--name', 'bob', '--beacon-interval', '1s', ...LAN_FAST], { netns: lan!.hosts[2]!.netns });
    nodes.push(bob);
    await bob.ready();
  });
  after(async () => {
    await Promise.all(nodes.map((n) => n.stop()));
    lan?.destroy();
  });

  it('a firewall rule dropping UDP 9999: the rule named first, with the fix (bob still links: he hears our beacons and dials in)', async function () {
    try {
      inNs(0, 'nft', 'add', 'table', 'inet', 'filter');
      inNs(0, 'nft', 'add', 'chain', 'inet', 'filter', 'input', '{ type filter hook input priority 0 ; }');
      inNs(0, 'nft', 'add', 'rule', 'inet', 'filter', 'input', 'udp', 'dport', '9999', 'drop');
    } catch {
      console.warn('\n  !!! nft is missing (apt-get install nftables; .ci/run does it): firewall finding SKIPPED !!!\n');
      this.skip();
    }
    const f = await doctor(0);
    expect(f[0]?.code, JSON.stringify(f)).to.equal('FIREWALL_DROPS');
    const fw = f.find((x) => x.code === 'FIREWALL_DROPS')!;
    expect(fw.level).to.equal('problem');
    expect(fw.text).to.match(/udp dport 9999 drop/);
    expect(fw.fix).to.match(/udp dport 9999 accept/);
  });

  it('a missing route: every beacon refused by the system, said as such', async () => {
    inNs(1, 'ip', 'route', 'del', 'default');
    const f = await doctor(1, ['--broadcast', '10.99.0.255']);
    const send = f.find((x) => x.code === 'SEND_FAILING');
    expect(send, JSON.stringify(f)).to.not.equal(undefined);
    expect(send!.level).to.equal('problem');
    expect(send!.text).to.match(/10\.99\.0\.255 \(no route\): no beacon leaves this host/);
  });

  it('another program on UDP 9999: named, with its pid, and the fix', async () => {
    // Not a node: a plain program that binds the discovery port (with address reuse, as ours does).
    const squatter = spawn('ip', [
      'netns',
      'exec',
      lan!.hosts[1]!.netns,
      process.execPath,
      '-e',
      "const s=require('dgram').createSocket({type:'udp4',reuseAddr:true});s.bind(9999,()=>console.log('bound'));setTimeout(()=>{},60000)",
    ]);
    try {
      await new Promise((resolve) => squatter.stdout.once('data', resolve));
      const f = await doctor(1);
      const shared = f.find((x) => x.code === 'PORT_SHARED');
      expect(shared, JSON.stringify(f)).to.not.equal(undefined);
      expect(shared!.text).to.include(`UDP 9999 is also held by another program: node (pid ${squatter.pid})`);
      // Bob, the real node on host 3, shares nothing with it: not named.
      expect(f.filter((x) => x.code === 'PORT_SHARED')).to.have.length(1);
    } finally {
      squatter.kill();
    }
  });
  it('beside a running node on the same data dir: says so, and listens with a fresh identity', async () => {
    const bob = nodes[0]!;
    const n = new ProcNode(['doctor', '--json', '--name', 'doc', '--beacon-interval', '1s', ...LAN_FAST], {
      netns: lan!.hosts[2]!.netns,
      dataDir: bob.dataDir,
    });
    nodes.push(n);
    const e = await n.waitFor((x) => x.event === 'doctor', 20_000, 'the findings');
    const f = e['findings'] as Finding[];
    const inUse = f.find((x) => x.code === 'DATA_DIR_IN_USE');
    expect(inUse?.text, JSON.stringify(f)).to.match(/is in use by another p2p-chat node \(pid \d+\)/);
    expect(await n.exited).to.equal(0);
    expect(bob.events.some((x) => x.event === 'bye')).to.equal(false); // the running node was left alone
  });
});
