/**
 * Files (issue 13): a 1 GiB file (generated, never committed) from one node to
 * another on loopback, against a raw TCP copy and an encrypted copy (secret-stream)
 * of the same file in the same run; the receiver's memory sampled throughout.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fastLoopback, ProcNode } from '../spec/support/index.js';
import { nextPort, now, record } from './harness.js';

const MiB = 1024 * 1024;
const bare = fileURLToPath(new URL('./bare/file-copy.mjs', import.meta.url));

/** A file of `size` bytes: one random MiB, each copy stamped with its index so no two pieces hash alike. */
function generate(file: string, size: number): void {
  const block = randomBytes(MiB);
  const fd = openSync(file, 'w');
  for (let i = 0; i < size / MiB; i++) {
    block.writeUInt32BE(i, 0);
    writeSync(fd, block);
  }
  closeSync(fd);
}

/** Seconds to copy `file` over one TCP connection (plain or sealed), from connect to the copy closed on disk. */
async function copy(file: string, out: string, sealed: boolean): Promise<number> {
  const flag = sealed ? ['--sealed'] : [];
  const rx = spawn(process.execPath, [bare, 'receive', out, String(statSync(file).size), ...flag], { stdio: ['pipe', 'pipe', 'inherit'] });
  let text = '';
  rx.stdout.setEncoding('utf8').on('data', (c: string) => (text += c));
  while (!/PORT \d+/.test(text)) await once(rx.stdout, 'data');
  const port = /PORT (\d+)/.exec(text)?.[1] ?? '0';
  const t0 = now();
  const tx = spawn(process.execPath, [bare, 'send', file, port, ...flag], { stdio: 'ignore' });
  while (!/DONE \d+/.test(text)) await once(rx.stdout, 'data');
  const seconds = (now() - t0) / 1000;
  tx.kill();
  rx.stdin.end();
  rmSync(out, { force: true });
  return seconds;
}

const rssOf = (pid: number, field: 'VmRSS' | 'VmHWM') => {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : 0;
};

export async function fileTransfer(size = 1024 * MiB): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'p2pc-bench-files-'));
  try {
    const file = path.join(dir, 'big.bin');
    generate(file, size);
    const raw = await copy(file, path.join(dir, 'raw.out'), false);
    const sealed = await copy(file, path.join(dir, 'sealed.out'), true);
    const fast = fastLoopback(nextPort());
    const alice = new ProcNode([...fast, '--name', 'alice', '--downloads', path.join(dir, 'a')]);
    const bob = new ProcNode([...fast, '--name', 'bob', '--downloads', path.join(dir, 'b')]);
    const [, rb] = await Promise.all([alice.ready(), bob.ready()]);
    await alice.peerState(rb['id'] as string, 'connected');
    const t0 = now();
    alice.send(`/send bob ${file}`);
    const offered = await bob.waitFor((e) => e.event === 'transfer' && e['state'] === 'offered', 120_000);
    const hashed = (now() - t0) / 1000;
    const rssBefore = rssOf(bob.pid, 'VmRSS');
    const samples: number[] = [];
    const sampler = setInterval(() => samples.push(rssOf(bob.pid, 'VmRSS')), 100);
    const t1 = now();
    bob.send('/accept');
    await bob.waitFor((e) => e.event === 'transfer' && e['id'] === offered['id'] && e['state'] === 'done', 300_000);
    const moved = (now() - t1) / 1000;
    clearInterval(sampler);
    const peak = Math.max(...samples);
    const senderPeak = rssOf(alice.pid, 'VmHWM');
    await Promise.all([alice.stop(), bob.stop()]);
    const mbps = (s: number) => size / 1e6 / s;
    const params = { bytes: size, raw_s: raw, sealed_s: sealed, p2p_s: moved };
    record('file transfer 1 GiB, vs raw TCP copy', mbps(moved), 'MB/s', mbps(raw), params);
    record('file transfer 1 GiB, vs encrypted copy', mbps(moved), 'MB/s', mbps(sealed), params);
    record('file offer: hashing 1 GiB (/send to offered)', hashed, 's', null, { bytes: size });
    record('file transfer: receiver RSS peak during 1 GiB', peak, 'MB', rssBefore, {
      samples: samples.length,
      receiver_rss_before: rssBefore,
      sender_peak: senderPeak,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
