import { execFile } from 'node:child_process';
import { readdir, readFile, readlink } from 'node:fs/promises';
import type { BeaconHealth, RoomHealth, SystemFacts } from '../../wire/ports/index.js';

/**
 * What the doctor can learn from the system itself: which other programs hold
 * our ports (from /proc), and which firewall rules drop or reject them (from
 * `nft list ruleset`, else `iptables-save`). Best effort and bounded: what
 * cannot be read is said to be unknown, never guessed.
 */
export interface ProbeOptions {
  readonly discoveryPort: number;
  readonly tcpPort: number;
  readonly beacons: BeaconHealth;
  /** This process: its own sockets are not "another program". */
  readonly pid: number;
  /** Our script: other nodes (which share the discovery port by design) run it too. */
  readonly script: string;
  readonly dataDirInUse: string | null;
  readonly rooms: RoomHealth | null;
}

const run = (cmd: string, args: string[]) =>
  new Promise<string | null>((resolve) =>
    execFile(cmd, args, { timeout: 2000, maxBuffer: 4 * 1024 * 1024 }, (err, out) => resolve(err ? null : out)),
  );

/** Socket inodes bound to `port` in one /proc/net table (local address column, port in hex). */
async function inodes(table: string, port: number): Promise<Set<string>> {
  const text = await readFile(`/proc/net/${table}`, 'utf8').catch(() => '');
  const hex = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  const out = new Set<string>();
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    // TCP: only listeners (state 0A) hold a port; UDP sockets are all bound.
    if (f[1]?.endsWith(hex) && (!table.startsWith('tcp') || f[3] === '0A') && f[9]) out.add(f[9]);
  }
  return out;
}

/** Processes holding any of these socket inodes (every /proc/PID/fd this user can read). */
async function holders(
  wanted: Map<string, { port: number; proto: 'udp' | 'tcp' }>,
  self: number,
  script: string,
): Promise<SystemFacts['holders']> {
  if (wanted.size === 0) return [];
  const out: { pid: number; command: string; port: number; proto: 'udp' | 'tcp' }[] = [];
  const pids = (await readdir('/proc').catch(() => [])).filter((d) => /^\d+$/.test(d) && Number(d) !== self).slice(0, 4096);
  for (const pid of pids) {
    const fds = await readdir(`/proc/${pid}/fd`).catch(() => []);
    for (const fd of fds) {
      const m = /^socket:\[(\d+)\]$/.exec(await readlink(`/proc/${pid}/fd/${fd}`).catch(() => ''));
      const hit = m?.[1] ? wanted.get(m[1]) : undefined;
      if (!hit) continue;
      const cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0');
      if (cmdline.includes(script)) break; // another node: sharing port 9999 is how nodes share a host
      const command = (await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '?')).trim();
      out.push({ pid: Number(pid), command, ...hit });
      break;
    }
  }
  return out;
}

/** Rules that mention one of our ports and drop or reject, from nft, else iptables-save (IPv4 and IPv6). */
async function firewall(ports: readonly number[]): Promise<string[] | null> {
  const nft = await run('nft', ['list', 'ruleset']);
  const texts =
    nft !== null ? [nft] : [await run('iptables-save', []), await run('ip6tables-save', [])].filter((t): t is string => t !== null);
  if (texts.length === 0) return null;
  const mentions = (line: string) =>
    ports.some((p) => new RegExp(`dport (\\{[^}]*\\b${p}\\b[^}]*\\}|${p}\\b)|--dports? ([\\d,:]*\\b)?${p}\\b`).test(line));
  return texts
    .flatMap((t) => t.split('\n'))
    .map((l) => l.trim())
    .filter((l) => mentions(l) && /\b(drop|reject|DROP|REJECT)\b/.test(l));
}

export async function probeSystem(o: ProbeOptions): Promise<SystemFacts> {
  const wanted = new Map<string, { port: number; proto: 'udp' | 'tcp' }>();
  for (const table of ['udp', 'udp6'])
    for (const i of await inodes(table, o.discoveryPort)) wanted.set(i, { port: o.discoveryPort, proto: 'udp' });
  for (const table of ['tcp', 'tcp6']) for (const i of await inodes(table, o.tcpPort)) wanted.set(i, { port: o.tcpPort, proto: 'tcp' });
  return {
    beacons: o.beacons,
    holders: await holders(wanted, o.pid, o.script),
    firewall: await firewall([o.discoveryPort, o.tcpPort]),
    dataDirInUse: o.dataDirInUse,
    rooms: o.rooms,
  };
}
