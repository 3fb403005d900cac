import { expect } from 'chai';
import { OriginalNode } from '../support/original-node.js';
import { ProcNode } from '../support/proc-node.js';
import { PROTOCOL_VERSION } from '../../src/wire/protocol/limits.js';

const OLD_ID = 'b628dd37-5b4f-41f9-9c4b-174e78bd463b';

describe('integration: an original node and ours, on loopback', function () {
  this.timeout(20_000);
  const discoveryPort = 21000 + (process.pid % 20000);
  let old: OriginalNode;
  let node: ProcNode;
  let nodeId = '';
  let nodePort = 0;

  before(async () => {
    old = new OriginalNode(OLD_ID, 'Oldie', discoveryPort);
    await old.start();
    node = new ProcNode(['--loopback', '--json', '--legacy', '--name', 'alice', '--discovery-port', String(discoveryPort)]);
    const ready = await node.ready();
    nodeId = ready['id'] as string;
    nodePort = ready['port'] as number;
    old.beacon();
  });
  after(async () => {
    await node.stop();
    await old.stop();
  });

  it('lists the original node as a legacy peer, connected', async () => {
    const p = await node.peerState(OLD_ID, 'connected');
    expect(p).to.deep.include({ name: 'Oldie', legacy: true, port: old.port });
  });

  it('our beacon is an original Discovery (plus a version field), at most 1024 bytes', () => {
    const ours = old.datagrams.find((d) => d.includes(nodeId));
    expect(ours, 'no beacon of ours reached the original node').to.be.a('string');
    expect(Buffer.byteLength(ours!)).to.be.at.most(1024);
    const body = (JSON.parse(ours!) as { Discovery: Record<string, unknown> }).Discovery;
    expect(body).to.include({ id: nodeId, name: 'alice', ip: '127.0.0.1', port: nodePort, version: PROTOCOL_VERSION });
    expect(ours!.startsWith(`{"Discovery":{"id":"${nodeId}","name":"alice","ip":"127.0.0.1","port":${nodePort}`)).to.equal(true);
  });

  it('sends it chat the original way: one connection, the original Chat, byte for byte', async () => {
    node.send('hello old friend');
    const got = await old.waitReceived((t) => t.includes('hello old friend'));
    const own = await node.waitFor((e) => e.event === 'chat' && e['own'] === true && e['content'] === 'hello old friend');
    expect(got).to.equal(
      `{"Chat":{"from_id":"${nodeId}","from_name":"alice","content":"hello old friend","timestamp":${own['timestamp'] as number}}}`,
    );
  });

  it('accepts its one-shot chat on our TCP port and shows it as legacy', async () => {
    await old.sendOneShot(nodePort, `{"Chat":{"from_id":"${OLD_ID}","from_name":"Oldie","content":"hi from 2024","timestamp":1795544230}}`);
    const chat = await node.waitFor((e) => e.event === 'chat' && e['content'] === 'hi from 2024');
    expect(chat).to.deep.include({ from_id: OLD_ID, from_name: 'Oldie', legacy: true, timestamp: 1795544230 });
    expect(chat['id']).to.match(/^[0-9a-f-]{36}$/);
  });

  it('refuses, with LEGACY_TOO_LONG, a message an original node could not read whole', async () => {
    const before = old.received.length;
    node.send('x'.repeat(1000));
    await node.waitFor((e) => e.event === 'error' && e['code'] === 'LEGACY_TOO_LONG');
    node.send('fence');
    await old.waitReceived((t) => t.includes('fence'));
    expect(old.received.slice(before).some((t) => t.includes('xxxx'))).to.equal(false);
  });

  it('on /quit sends it Exit, the original way', async () => {
    node.send('/quit');
    await old.waitReceived((t) => t === `{"Exit":"${nodeId}"}`);
    expect(await node.exited).to.equal(0);
  });
});

describe('integration: an original node without --legacy', function () {
  this.timeout(20_000);
  it('is ignored, with one hint that --legacy exists', async () => {
    const discoveryPort = 22000 + (process.pid % 20000);
    const old = new OriginalNode(OLD_ID, 'Oldie', discoveryPort);
    await old.start();
    const node = new ProcNode(['--loopback', '--json', '--discovery-port', String(discoveryPort)]);
    try {
      await node.ready();
      old.beacon();
      old.beacon();
      const hint = await node.waitFor((e) => e.event === 'error' && e['code'] === 'LEGACY_IGNORED');
      expect(hint['message']).to.match(/--legacy/);
      node.send('/peers');
      const peers = await node.waitFor((e) => e.event === 'peers');
      expect(peers['peers']).to.deep.equal([]);
      expect(node.events.filter((e) => e['code'] === 'LEGACY_IGNORED')).to.have.length(1);
    } finally {
      await node.stop();
      await old.stop();
    }
  });
});
