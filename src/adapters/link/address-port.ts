import type { AddressInfo } from 'node:net';

/** The port a listening server got (0 for a pipe or a server not listening). */
export const addressPort = (address: string | AddressInfo | null): number =>
  typeof address === 'object' && address !== null ? address.port : 0;
