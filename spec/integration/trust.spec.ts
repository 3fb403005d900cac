import { expect } from 'chai';
import { chmodSync } from 'node:fs';
import path from 'node:path';
import { ProcNode, tempDataDir, type JsonEvent } from '../support/proc-node.js';

/** Identities across restarts, trust on first use, and a key change refused until /trust. */
describe('integration: identity and trust on first use', function () {
  this.timeout(30_000);
  const discoveryPort = 27000 + (process.pid % 20000);
  const args = (name: string) => [
    '--loopback',
    '--json',
    '--discovery-port',
    String(discoveryPort),
    '--beacon-interval',
    '300ms',
    '--name',
    name,
  ];
  const nodes: ProcNode[] = [];
  const start = (name: string, dataDir?: string) => {
    const n = new ProcNode(args(name), dataDir ? { dataDir } : {});
    nodes.push(n);
    return n;
  };
  after(async () => {
    await Promise.all(nodes.map((n) => n.stop()));
  });

  let alice: ProcNode;
  let bobDir = '';
  let bobId = '';
  let bobFingerprint = '';

  it('/id and /whois show the same fingerprint for a peer', async () => {
    alice = start('alice');
    const bob = start('bob');
    bobDir = bob.dataDir;
    await alice.ready();
    bobId = (await bob.ready())['id'] as string;
    await alice.peerState(bobId, 'connected');
    bob.send('/id');
    bobFingerprint = (await bob.waitFor((e) => e.event === 'identity'))['fingerprint'] as string;
    alice.send('/whois bob');
    const whois = await alice.waitFor((e) => e.event === 'whois');
    expect(whois).to.deep.include({ id: bobId, fingerprint: bobFingerprint, verified: true });
    bob.send('/quit');
    await bob.exited;
    await alice.peerState(bobId, 'gone');
  });

  it('a restart with the same data directory is the same peer, still trusted', async () => {
    const mark = alice.events.length;
    const bob = start('bob', bobDir);
    expect((await bob.ready())['id']).to.equal(bobId);
    await alice.waitFor((e) => e.event === 'peer' && e['id'] === bobId && e['state'] === 'connected' && alice.events.indexOf(e) >= mark);
    expect(alice.events.slice(mark).some((e) => e['code'] === 'KEY_CHANGED')).to.equal(false);
    bob.send('/quit');
    await bob.exited;
  });

  it('another key under the pinned name is refused loudly, until /trust', async () => {
    const mark = alice.events.length;
    const impostor = start('bob');
    const impostorId = (await impostor.ready())['id'] as string;
    expect(impostorId).not.to.equal(bobId);
    const warning = await alice.waitFor((e) => e.event === 'error' && e['code'] === 'KEY_CHANGED' && alice.events.indexOf(e) >= mark);
    expect(warning['message']).to.match(/WARNING.*"bob".*\/trust bob/);
    expect(alice.events.slice(mark).some((e) => e.event === 'peer' && e['id'] === impostorId)).to.equal(false);
    alice.send('/trust bob');
    const trusted = await alice.waitFor((e) => e.event === 'trusted');
    expect(trusted['fingerprint']).to.match(/^([0-9a-f]{4} ){7}[0-9a-f]{4}$/);
    expect(trusted['fingerprint']).not.to.equal(bobFingerprint);
    await alice.peerState(impostorId, 'connected');
  });

  it('/trust pins the key the user checked, not whichever claimed the name last (security item 1)', async () => {
    const mark = alice.events.length;
    const newBob = start('bob'); // bob reinstalled: a new key
    const newBobId = (await newBob.ready())['id'] as string;
    newBob.send('/id');
    const newBobFingerprint = (await newBob.waitFor((e) => e.event === 'identity'))['fingerprint'] as string;
    const warned = (fp: string) =>
      alice.waitFor((e) => e['code'] === 'KEY_CHANGED' && String(e['message']).includes(fp) && alice.events.indexOf(e) >= mark, 10_000, fp);
    await warned(newBobFingerprint);
    const mallory = start('bob'); // then mallory beacons as "bob" too
    const malloryId = (await mallory.ready())['id'] as string;
    mallory.send('/id');
    const malloryFingerprint = (await mallory.waitFor((e) => e.event === 'identity'))['fingerprint'] as string;
    await warned(malloryFingerprint); // shown too, though the first warning is recent
    alice.send('/trust bob');
    const choose = await alice.waitFor((e) => e.event === 'trusted' && alice.events.indexOf(e) >= mark);
    expect(choose['fingerprint']).to.equal(null);
    expect(choose['refused']).to.have.members([newBobFingerprint, malloryFingerprint]);
    alice.send(`/trust bob ${newBobFingerprint.slice(0, 9)}`);
    const trusted = await alice.waitFor((e) => e.event === 'trusted' && e['fingerprint'] !== null && alice.events.indexOf(e) >= mark);
    expect(trusted['fingerprint']).to.equal(newBobFingerprint);
    await alice.peerState(newBobId, 'connected');
    expect(alice.events.some((e) => e.event === 'peer' && e['id'] === malloryId && e['state'] === 'connected')).to.equal(false);
  });

  it('a refused node is told why, and backs off instead of flapping; the refusing node warns once (security item 13, console item 2)', async () => {
    const aliceId = alice.events.find((e) => e.event === 'ready')?.['id'] as string;
    const refused = start('bob'); // yet another key under the pinned name
    await refused.ready();
    const byAlice = (e: JsonEvent) => e['code'] === 'REFUSED_BY_PEER' && String(e['message']).startsWith('alice ');
    const told = await refused.waitFor(byAlice, 10_000, 'REFUSED_BY_PEER from alice');
    expect(told['message']).to.match(/^alice refused this node: the name bob is pinned to another key there/);
    const ups = () =>
      refused.events.flatMap((e, i) =>
        e.event === 'peer' && e['id'] === aliceId && e['state'] === 'connected' ? [refused.times[i] ?? 0] : [],
      );
    await refused.waitFor(() => ups().length >= 4, 15_000, 'four attempts');
    const gaps = ups()
      .slice(0, 4)
      .map((t, i, all) => t - (all[i - 1] ?? t))
      .slice(1);
    // Before: a redial every ~250 ms, forever. Now each wait is about twice the last.
    expect(gaps[2] ?? 0).to.be.greaterThan(1.5 * (gaps[0] ?? 0));
    expect(refused.events.filter(byAlice)).to.have.length(1);
    // And alice, after four links and a dozen beacons from that key, warned about it once.
    refused.send('/id');
    const fp = (await refused.waitFor((e) => e.event === 'identity'))['fingerprint'] as string;
    expect(alice.events.filter((e) => e['code'] === 'KEY_CHANGED' && String(e['message']).includes(fp))).to.have.length(1);
  });

  it('refuses to start with a key file others can read', async () => {
    const dir = tempDataDir();
    const first = start('carol', dir);
    await first.ready();
    first.send('/quit');
    await first.exited;
    chmodSync(path.join(dir, 'identity.key'), 0o644);
    const again = start('carol', dir);
    expect(await again.exited).to.equal(1);
    expect(again.stderr.join('')).to.match(/readable by others.*chmod 600/);
  });
});
