import type { PeerView } from '../../machines/events.js';

/** A peer as the console and the page see it: verified, connected, on 10.0.0.2, unless told otherwise. */
export const peerView = (id: string, name: string, more: Partial<PeerView> = {}): PeerView => ({
  id,
  name,
  address: '10.0.0.2',
  port: 1,
  legacy: false,
  verified: true,
  fingerprint: 'f',
  state: 'connected',
  lastSeen: 0,
  rtt: null,
  ...more,
});
