import { execFileSync } from 'node:child_process';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { namespaces, runTag } from './netns-lan.js';
import { CLI } from './proc-node.js';

/**
 * Two LANs joined only by a router (issue 14): a router namespace with two
 * bridges, 10.77.0.254/24 (LAN A) and 10.78.0.254/24 (LAN B), forwarding
 * between them; hosts on each LAN route through it. No broadcast crosses, so
 * nodes on different LANs can only meet through a room.
 */
export interface RoutedLans {
  readonly router: { readonly netns: string; readonly address: string };
  readonly a: readonly { readonly netns: string; readonly address: string }[];
  readonly b: readonly { readonly netns: string; readonly address: string }[];
  destroy(): void;
}

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString();

/**
 * `nat`: LAN B sits behind the router's NAT (nftables masquerade on the way to LAN A, and no
 * new connection from LAN A into LAN B), as a home network behind its router.
 */
export function buildRoutedLans(perLan: number, opts: { nat?: boolean } = {}): RoutedLans {
  const tag = `${runTag()}r`;
  const router = `${tag}gw`;
  const { made, destroy } = namespaces();
  try {
    ip('netns', 'add', router);
    made.push(router);
    ip('-n', router, 'link', 'set', 'lo', 'up');
    execFileSync('ip', ['netns', 'exec', router, 'sysctl', '-qw', 'net.ipv4.ip_forward=1']);
    const lan = (letter: 'a' | 'b', net: string) => {
      const br = `br${letter}`;
      ip('-n', router, 'link', 'add', br, 'type', 'bridge');
      ip('-n', router, 'addr', 'add', `${net}.254/24`, 'dev', br);
      ip('-n', router, 'link', 'set', br, 'up');
      const hosts = [];
      for (let i = 1; i <= perLan; i++) {
        const ns = `${tag}${letter}${i}`;
        ip('netns', 'add', ns);
        made.push(ns);
        ip('-n', ns, 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', `${letter}port${i}`);
        ip('-n', ns, 'link', 'set', `${letter}port${i}`, 'netns', router);
        ip('-n', router, 'link', 'set', `${letter}port${i}`, 'master', br);
        ip('-n', router, 'link', 'set', `${letter}port${i}`, 'up');
        ip('-n', ns, 'addr', 'add', `${net}.${i}/24`, 'dev', 'eth0');
        ip('-n', ns, 'link', 'set', 'eth0', 'up');
        ip('-n', ns, 'link', 'set', 'lo', 'up');
        ip('-n', ns, 'route', 'add', 'default', 'via', `${net}.254`);
        hosts.push({ netns: ns, address: `${net}.${i}` });
      }
      return hosts;
    };
    const a = lan('a', '10.77.0');
    const b = lan('b', '10.78.0');
    if (opts.nat) {
      const nft = (...args: string[]) => execFileSync('ip', ['netns', 'exec', router, 'nft', ...args]);
      nft('add', 'table', 'ip', 'nat');
      nft('add', 'chain', 'ip', 'nat', 'post', '{ type nat hook postrouting priority 100 ; }');
      nft('add', 'rule', 'ip', 'nat', 'post', 'ip', 'saddr', '10.78.0.0/24', 'oifname', 'bra', 'masquerade');
      nft('add', 'table', 'ip', 'filter');
      nft('add', 'chain', 'ip', 'filter', 'forwarding', '{ type filter hook forward priority 0 ; }');
      nft('add', 'rule', 'ip', 'filter', 'forwarding', 'iifname', 'bra', 'oifname', 'brb', 'ct', 'state', 'new', 'drop');
    }
    return { router: { netns: router, address: '10.77.0.254' }, a, b, destroy };
  } catch (e) {
    destroy();
    throw e;
  }
}

/** `p2p-chat bootstrap` on the router's LAN A address, port 49737; resolves once it listens. */
export async function startBootstrap(net: RoutedLans): Promise<ChildProcess> {
  const boot = spawn(
    'ip',
    ['netns', 'exec', net.router.netns, process.execPath, CLI, 'bootstrap', '--port', '49737', '--host', net.router.address],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let err = '';
  boot.stderr?.setEncoding('utf8').on('data', (c: string) => (err += c));
  while (!err.includes('bootstrap node on')) await once(boot.stderr, 'data');
  return boot;
}
