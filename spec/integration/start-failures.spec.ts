import { expect } from 'chai';
import * as E from 'fp-ts/lib/Either.js';
import dgram from 'node:dgram';
import { once } from 'node:events';
import { existsSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { addressPort } from '../../src/adapters/link/address-port.js';
import { tempDataDir } from '../support/proc-node.js';
import { inProcess, openFilesUnder, settled, sockets, type InProcessNode } from './in-process-node.js';

/** A TCP port held by someone else: on `host`, or on :: (both families) if IPv6 is there. */
async function holdTcp(host: '127.0.0.1' | '::'): Promise<{ port: number; close: () => Promise<void> }> {
  const server = net.createServer();
  const listening = (h: string) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: h, port: 0, exclusive: true }, () => resolve());
    });
  // A namespace without IPv6 refuses ::; then 0.0.0.0 makes our node's :: fail as well, and its fallback too.
  await listening(host).catch(() => listening('0.0.0.0'));
  return { port: addressPort(server.address()), close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A UDP port bound without address reuse: a node's discovery socket cannot share it. */
async function holdUdp(): Promise<{ port: number; close: () => Promise<void> }> {
  const socket = dgram.createSocket({ type: 'udp4' });
  socket.bind({ port: 0, address: '0.0.0.0', exclusive: true });
  await once(socket, 'listening');
  return { port: socket.address().port, close: () => new Promise((resolve) => socket.close(() => resolve())) };
}

/** Nothing of the node is left: no lock, no open file in its data dir, no socket beyond `baseline`. */
async function nothingHeld(n: InProcessNode, baseline: string[]): Promise<void> {
  expect(existsSync(path.join(n.config.dataDir, 'lock')), 'the lock is released').to.equal(false);
  expect(openFilesUnder(n.config.dataDir), 'the store is closed').to.deep.equal([]);
  await settled(() => sockets().length <= baseline.length, 1000);
  expect(sockets()).to.deep.equal(baseline);
}

/** The same data dir starts again, and stops cleanly. */
async function startsAgain(dataDir: string, discoveryPort: number): Promise<void> {
  const again = inProcess('again', discoveryPort, { config: { dataDir } });
  const node = await again.run();
  await node.stop();
  expect(again.lines.at(-1)).to.deep.equal({ event: 'bye' });
  expect(existsSync(path.join(dataDir, 'lock'))).to.equal(false);
}

describe('integration: a start that fails gives back everything it took, in reverse', function () {
  this.timeout(10_000);
  const discovery = 25000 + (process.pid % 20000);

  it('a TCP port taken (--loopback): LISTEN_FAILED; the lock released and the store closed', async () => {
    const baseline = sockets();
    const held = await holdTcp('127.0.0.1');
    const n = inProcess('a', discovery, { config: { port: held.port } });
    const r = await n.start();
    await held.close();
    expect(E.isLeft(r) && r.left.code).to.equal('LISTEN_FAILED');
    expect(E.isLeft(r) && r.left.message).to.match(/EADDRINUSE/);
    await nothingHeld(n, baseline);
    await startsAgain(n.config.dataDir, discovery);
  });

  it('a TCP port taken on both families: the IPv4 fallback fails too, and the lock and the store are still given back', async () => {
    const baseline = sockets();
    const held = await holdTcp('::');
    const n = inProcess('b', discovery, { config: { port: held.port, loopback: false, families: 'both' } });
    const r = await n.start();
    await held.close();
    expect(E.isLeft(r) && r.left.code).to.equal('LISTEN_FAILED');
    await nothingHeld(n, baseline);
    await startsAgain(n.config.dataDir, discovery);
  });

  it('the UDP discovery port taken: LISTEN_FAILED; the TCP listener closed, the lock released, the store closed', async () => {
    const baseline = sockets();
    const held = await holdUdp();
    const n = inProcess('c', held.port);
    const r = await n.start();
    await held.close();
    expect(E.isLeft(r) && r.left.code).to.equal('LISTEN_FAILED');
    await nothingHeld(n, baseline);
    await startsAgain(n.config.dataDir, discovery);
  });

  it('a data dir in use: DATA_DIR_IN_USE, in the lock words main prints; the recording opened before it is closed', async () => {
    const dataDir = tempDataDir();
    // Our parent runs for as long as we do: it stands for another node holding the dir.
    writeFileSync(path.join(dataDir, 'lock'), `${process.ppid}\n`);
    const work = tempDataDir();
    const n = inProcess('d', discovery, { config: { dataDir }, run: { record: path.join(work, 'rec.jsonl') } });
    const r = await n.start();
    expect(E.isLeft(r) && r.left).to.deep.equal({
      code: 'DATA_DIR_IN_USE',
      message: `data directory ${dataDir} is in use by another p2p-chat node (pid ${process.ppid}); give each node its own --data-dir`,
    });
    expect(openFilesUnder(work), 'the recording is closed').to.deep.equal([]);
    expect(existsSync(path.join(dataDir, 'lock')), "the other node's lock is left alone").to.equal(true);
    expect(n.lines).to.deep.equal([]);
  });

  it('stop() gives back the same way: bye is the last line, and the lock and the store are released by then', async () => {
    const n = inProcess('e', discovery);
    const node = await n.run();
    expect(existsSync(path.join(n.config.dataDir, 'lock'))).to.equal(true);
    await node.stop();
    expect(n.lines.at(-1)).to.deep.equal({ event: 'bye' });
    expect(existsSync(path.join(n.config.dataDir, 'lock'))).to.equal(false);
    expect(openFilesUnder(n.config.dataDir)).to.deep.equal([]);
  });
});
