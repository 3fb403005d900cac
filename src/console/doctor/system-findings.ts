import type { Finding, Observations } from './findings.js';

/**
 * The doctor's findings from the system itself: beacons the system would not
 * send (no route, no interface), another program on our ports, firewall rules
 * that drop them. Pure: the facts were gathered by an adapter and recorded.
 */
export function systemFindings(o: Observations): Finding[] {
  const s = o.system;
  if (!s) return [];
  const out: Finding[] = [];
  if (s.dataDirInUse !== null)
    out.push({
      code: 'DATA_DIR_IN_USE',
      level: 'warning',
      text: `${s.dataDirInUse}: the doctor listened beside it with a fresh identity (what follows is what this host sees)`,
      fix: 'nothing needed for the LAN; to ask that node itself, type /doctor in it',
    });
  const { targets, failed } = s.beacons;
  if (targets.length === 0)
    out.push({
      code: 'NO_INTERFACE',
      level: 'problem',
      text: 'beacons go nowhere: no interface is up with an IPv4 broadcast address or IPv6',
      fix: 'bring the LAN interface up (ip link set eth0 up; check the cable or the Wi-Fi), or name a target with --broadcast',
    });
  else if (failed.length > 0) {
    const all = failed.length === targets.length;
    const list = failed.map((f) => `${f.address} (${f.code === 'ENETUNREACH' ? 'no route' : f.code})`).join(', ');
    out.push({
      code: 'SEND_FAILING',
      level: all ? 'problem' : 'warning',
      text: `the system refuses beacons to ${list}${all ? ': no beacon leaves this host' : `; they still go to ${targets.filter((t) => !failed.some((f) => f.address === t)).join(', ')}`}`,
      fix: all
        ? 'a route to the LAN is missing: check the address and routes (ip addr, ip route), or use a --broadcast address of a LAN this host is on'
        : 'nothing needed if peers are on the LANs that work; a host without a default route cannot send to 255.255.255.255',
    });
  }
  for (const h of s.holders)
    out.push({
      code: 'PORT_SHARED',
      level: 'warning',
      text: `${h.proto.toUpperCase()} ${h.port} is also held by another program: ${h.command} (pid ${h.pid})${h.proto === 'udp' ? '; it gets our beacons too, and a datagram sent to this host alone may go to it instead' : ''}`,
      fix:
        h.proto === 'udp'
          ? `stop it, or choose another --discovery-port on every node (this node: ${o.discoveryPort})`
          : 'stop it, or give this node another --port',
    });
  if (s.rooms !== null && s.rooms.rooms.length > 0 && s.rooms.nodes === 0)
    out.push({
      code: 'BOOTSTRAP_UNREACHABLE',
      level: 'problem',
      text: `in room${s.rooms.rooms.length > 1 ? 's' : ''} ${s.rooms.rooms.join(', ')}, but no DHT node answers: ${s.rooms.bootstrap.length > 0 ? `the bootstrap node ${s.rooms.bootstrap.join(', ')} is unreachable` : 'the public bootstrap nodes are unreachable (no internet?)'}`,
      fix:
        s.rooms.bootstrap.length > 0
          ? `check that ${s.rooms.bootstrap.join(', ')} runs p2p-chat bootstrap and that UDP to it passes (ping it; nft list ruleset there)`
          : 'rooms need the internet, or a private --bootstrap HOST:PORT (p2p-chat bootstrap runs one)',
    });
  if (s.firewall === null)
    out.push({
      code: 'FIREWALL_UNKNOWN',
      level: 'ok',
      text: 'no firewall ruleset could be read here (no nft or iptables, or not allowed): not checked',
      fix: null,
    });
  else if (s.firewall.length > 0)
    out.push({
      code: 'FIREWALL_DROPS',
      level: 'problem',
      text: `the firewall drops or rejects our traffic: ${s.firewall.slice(0, 3).join(' | ')}`,
      fix: `allow UDP ${o.discoveryPort} (beacons) and TCP to the links' ports in, e.g. nft insert rule inet filter input udp dport ${o.discoveryPort} accept`,
    });
  return out;
}
