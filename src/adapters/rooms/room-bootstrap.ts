import DHT from 'hyperdht';

/**
 * `p2p-chat bootstrap`: a Hyperswarm bootstrap node (hyperdht's bootstrapper)
 * on one address, for private rooms. Bound to that address alone, so its
 * replies come from the address peers wrote to (a router with two addresses
 * would otherwise answer from the other one, and be ignored).
 */
export async function openBootstrap(host: string, port: number): Promise<{ close(): Promise<void> }> {
  const node = DHT.bootstrapper(port, host, { host });
  await node.ready();
  return { close: () => node.destroy() };
}
