import type { Finding, Observations } from './findings.js';
import { systemFindings } from './system-findings.js';

export type { Finding, Observations } from './findings.js';

const count = (o: Observations, ...codes: string[]) => codes.reduce((n, c) => n + (o.errors[c] ?? 0), 0);

/**
 * Why this node sees nobody, or misses a peer, in plain words and with the fix,
 * from what the node itself has seen. Pure: the same evidence, the same words.
 * Ordered most blocking first.
 */
export function diagnose(o: Observations): Finding[] {
  const out: Finding[] = [];
  const present = o.peers.filter((p) => p.state !== 'gone');
  const connected = present.filter((p) => p.state === 'connected');
  const unlinked = present.filter((p) => p.state !== 'connected');
  out.push(...systemFindings(o));
  if (o.beacons === 0 && present.length === 0)
    out.push({
      code: 'NOTHING_HEARD',
      level: 'problem',
      text: `no beacon from any node in ${Math.round(o.seconds)} s`,
      fix: `start the other nodes with the same --discovery-port (${o.discoveryPort} here) on this LAN; check that no firewall drops UDP ${o.discoveryPort} (nft list ruleset, iptables -L); a router between you passes no broadcast`,
    });
  if (count(o, 'STALE_BEACON') > 0)
    out.push({
      code: 'CLOCK_SKEW',
      level: 'problem',
      text: `${count(o, 'STALE_BEACON')} beacons were refused as older or newer than ±30 s: a clock is wrong, here or there`,
      fix: 'set both clocks right (NTP: timedatectl set-ntp true)',
    });
  if (count(o, 'REFUSED_BY_PEER') > 0)
    out.push({
      code: 'REFUSED',
      level: 'problem',
      text: 'a peer refused this node (its name is pinned to another key there, or its table is full)',
      fix: 'ask that peer to compare fingerprints (/whois, /id) and /trust this node, or take another --name',
    });
  if (count(o, 'KEY_CHANGED') > 0)
    out.push({
      code: 'KEY_CHANGED',
      level: 'warning',
      text: 'a known name came with another key, and was refused',
      fix: '/whois NAME shows both keys; compare the fingerprint with its owner, then /trust NAME',
    });
  const linkFailures = count(o, 'CONNECT_FAILED', 'HANDSHAKE_FAILED', 'HANDSHAKE_TIMEOUT');
  if (unlinked.length > 0 && linkFailures > 0)
    out.push({
      code: 'NO_LINK',
      level: 'problem',
      text: `${unlinked.length} peer${unlinked.length > 1 ? 's' : ''} heard but not linked (${unlinked.map((p) => p.name).join(', ')}): ${linkFailures} dials or handshakes failed`,
      fix: "check that no firewall drops TCP to the peers' ports (their beacons carry them; /peers shows them)",
    });
  if (count(o, 'LEGACY_IGNORED') > 0 && !o.legacy)
    out.push({
      code: 'ORIGINAL_NODE',
      level: 'warning',
      text: 'an original (pre-p2p-chat) node is on the LAN and is ignored',
      fix: 'start with --legacy to talk to it (it cannot prove who it is: shown unverified)',
    });
  if (count(o, 'BAD_SIGNATURE', 'ID_MISMATCH', 'UNSIGNED_BEACON', 'REPLAYED_BEACON') > 0)
    out.push({
      code: 'FORGED_BEACONS',
      level: 'warning',
      text: 'beacons that fail their signature or claim another id were refused',
      fix: 'someone on the LAN sends them; nothing to fix here, they are refused',
    });
  if (count(o, 'UNKNOWN_VARIANT', 'BAD_FIELDS', 'BAD_JSON') > 0)
    out.push({
      code: 'OTHER_VERSION',
      level: 'warning',
      text: 'messages this version does not understand arrived (another version, or another program on the port)',
      fix: `update the nodes to one version; if another program uses UDP ${o.discoveryPort}, choose another --discovery-port on every node`,
    });
  if (connected.length > 0)
    out.push({
      code: 'LINKED',
      level: 'ok',
      text: `linked with ${connected.length}: ${connected.map((p) => p.name).join(', ')}`,
      fix: null,
    });
  if (out.length === 0) out.push({ code: 'ALONE', level: 'ok', text: 'beacons heard, no problem seen; nobody is linked yet', fix: null });
  return out;
}
