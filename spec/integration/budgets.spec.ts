import { expect } from 'chai';
import net from 'node:net';
import { once } from 'node:events';
import { Attacker } from '../support/attacker.js';
import { signedBeacon, testIdentity } from '../support/forge.js';
import { ProcNode } from '../support/proc-node.js';
import { PREFACE } from '../../src/wire/protocol/frame.js';
import { LIMITS } from '../../src/wire/protocol/limits.js';

/**
 * Security items 7 and 8: what a node spends on strangers (handshake slots,
 * dials) is bounded per source and per destination, so throwaway keys and
 * spoofed beacons can neither lock out real peers nor aim the node at a victim.
 */
describe('integration: handshake and dial budgets', function () {
  this.timeout(30_000);
  const discoveryPort = 29000 + (process.pid % 20000);
  let alice: ProcNode;
  let alicePort = 0;
  const attackers: Attacker[] = [];
  const servers: net.Server[] = [];
  const held: net.Socket[] = [];
  const attacker = async (n: number) => {
    const a = new Attacker(testIdentity(n), discoveryPort);
    await a.start();
    attackers.push(a);
    return a;
  };
  /** A TCP listener that counts connections and does what `onSocket` says with them. */
  const victim = async (onSocket: (s: net.Socket) => void) => {
    const counter = { connections: 0, port: 0 };
    const server = net.createServer((s) => {
      counter.connections++;
      s.on('error', () => undefined);
      onSocket(s);
    });
    servers.push(server);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    counter.port = (server.address() as net.AddressInfo).port;
    return counter;
  };
  const realLinks = (count: number, seedBase: number) =>
    Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const a = new Attacker(testIdentity(seedBase + i), discoveryPort);
        attackers.push(a);
        return a.link(alicePort, { name: `real${i}` }, `127.0.1.${i + 1}`);
      }),
    );

  before(async () => {
    alice = new ProcNode(['--loopback', '--json', '--discovery-port', String(discoveryPort), '--name', 'alice']);
    alicePort = (await alice.ready())['port'] as number;
  });
  after(async () => {
    held.forEach((s) => s.destroy());
    servers.forEach((s) => s.close());
    await Promise.all(attackers.map((a) => a.stop().catch(() => undefined)));
    await alice.stop();
  });

  it('spoofed beacons of 60 keys aimed at one address:port: a bounded number of connections, and the node says so (item 8)', async () => {
    const target = await victim((s) => s.destroy());
    const mallory = await attacker(200);
    const ts = Date.now();
    for (let i = 0; i < 60; i++)
      await mallory.datagram(signedBeacon(testIdentity(100 + i), { name: `reflect${i}`, port: target.port, ts }));
    await alice.waitFor(
      () => alice.events.filter((e) => e['code'] === 'CONNECT_FAILED' && /not dialing it again/.test(String(e['message']))).length >= 60,
      15_000,
      '60 peers given up',
    );
    // Each key was dialled at most LIMITS.dialAttemptsUnproven times; all of them together, a handful.
    expect(target.connections).to.be.at.most(LIMITS.dialsPerDestinationBurst + 4);
  });

  it('preface-only connections from two sources leave the handshake slots to real peers (item 7)', async () => {
    for (const from of ['127.0.0.10', '127.0.0.11'])
      for (let i = 0; i < 32; i++) {
        const s = net.connect({ port: alicePort, host: '127.0.0.1', localAddress: from });
        s.on('error', () => undefined);
        s.write(PREFACE);
        held.push(s);
      }
    await Promise.all(held.map((s) => once(s, 'connect')));
    const links = await realLinks(20, 40);
    expect(links).to.have.length(20);
  });

  it('dials held by a silent host do not take inbound handshake slots (item 7)', async () => {
    const silent = await Promise.all(Array.from({ length: 8 }, () => victim((s) => held.push(s))));
    const trudy = await attacker(201);
    const ts = Date.now();
    for (let i = 0; i < 40; i++)
      await trudy.datagram(signedBeacon(testIdentity(160 + i), { name: `silent${i}`, port: silent[i % 8]?.port ?? 1, ts }));
    await alice.waitFor(() => silent.reduce((n, v) => n + v.connections, 0) >= 16, 10_000, 'dials held');
    const links = await realLinks(20, 60);
    expect(links).to.have.length(20);
  });
});
