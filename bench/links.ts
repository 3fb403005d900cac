/** Round-trip times as the node reports them, beside raw and encrypted ping-pongs. */
import SecretStream from '@hyperswarm/secret-stream';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import { Bare, connectedMesh, nextPort, nodeArgs, now, pct, record } from './harness.js';
import { ProcNode } from '../spec/support/index.js';

/**
 * RTT as the node reports it (median of 30 /peers, heartbeats every 200 ms, so each ping
 * finds both processes idle) beside a raw ping-pong between two processes on a plain TCP
 * loopback socket at the same pace.
 */
export async function rtt(): Promise<void> {
  const dp = nextPort();
  const fast = ['--heartbeat-interval', '200ms', '--stale-after', '1s'];
  const a = new ProcNode(nodeArgs('a', dp, fast));
  const b = new ProcNode(nodeArgs('b', dp, fast));
  const [, bid] = await connectedMesh([a, b]);
  await new Promise((r) => setTimeout(r, 1500));
  const reported: number[] = [];
  for (let i = 0; i < 30; i++) {
    await new Promise((r) => setTimeout(r, 200));
    const before = a.events.length;
    a.send('/peers');
    const peers = await a.waitFor((e) => e.event === 'peers' && a.events.indexOf(e) >= before);
    const p = (peers['peers'] as Array<Record<string, unknown>>).find((x) => x['id'] === bid);
    if (typeof p?.['rtt'] === 'number') reported.push(p['rtt']);
  }
  await Promise.all([a.stop(), b.stop()]);
  const echo = spawn(process.execPath, [
    '-e',
    "const s=require('net').createServer(c=>{c.setNoDelay(true);c.on('data',d=>c.write(d))}).listen(0,'127.0.0.1',()=>console.log(s.address().port))",
  ]);
  const echoPort = await new Promise<number>((r) => echo.stdout.once('data', (d: Buffer) => r(Number(d.toString()))));
  const sock = net.connect(echoPort, '127.0.0.1');
  sock.setNoDelay(true);
  await once(sock, 'connect');
  const raw: number[] = [];
  for (let i = 0; i < 30; i++) {
    await new Promise((r) => setTimeout(r, 200));
    const t0 = now();
    await new Promise((r) => {
      sock.once('data', r);
      sock.write('x'.repeat(48));
    });
    raw.push(now() - t0);
  }
  sock.destroy();
  echo.kill('SIGKILL');
  const sealed = await sealedPingPong(30, 200);
  record('RTT reported by /peers (median, idle link)', pct(reported, 50), 'ms', pct(raw, 50), {
    samples: reported.length,
    heartbeat_ms: 200,
    baseline: 'raw ping-pong between two processes, plain TCP, same pace',
  });
  record('RTT reported by /peers vs an encrypted ping-pong', pct(reported, 50), 'ms', pct(sealed, 50), {
    samples: sealed.length,
    baseline: 'raw ping-pong between two processes over TCP + secret-stream (the same kind of socket as a link), same pace',
    within_half_ms: pct(reported, 50) - pct(sealed, 50) <= 0.5,
  });
}

/** Round trips over TCP with a Noise channel (secret-stream) to an echo in another process: the link's own floor. */
async function sealedPingPong(count: number, paceMs: number): Promise<number[]> {
  const echo = new Bare('secret-echo.mjs');
  await echo.ready;
  const socket = net.connect(echo.port, '127.0.0.1');
  socket.setNoDelay(true);
  const channel = new SecretStream(true, socket);
  await once(channel, 'connect');
  const rtts: number[] = [];
  for (let i = 0; i < count; i++) {
    await new Promise((r) => setTimeout(r, paceMs));
    const t0 = now();
    await new Promise((r) => {
      channel.once('data', r);
      channel.write(Buffer.from('x'.repeat(48)));
    });
    rtts.push(now() - t0);
  }
  channel.destroy();
  echo.stop();
  return rtts;
}
