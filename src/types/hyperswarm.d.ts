// The parts of hyperswarm and hyperdht (JavaScript, untyped) this project uses.
declare module 'hyperdht' {
  interface DHTOptions {
    bootstrap?: string[];
    /** false: this host is reachable as it is (a routed LAN): no hole punching needed. */
    firewalled?: boolean;
    host?: string;
    port?: number;
  }
  export default class DHT {
    constructor(opts?: DHTOptions);
    ready(): Promise<void>;
    destroy(): Promise<void>;
    /** The DHT nodes this one knows (none: nobody answered, the bootstrap nodes included). */
    toArray(): { host: string; port: number }[];
    static bootstrapper(port: number, host: string, opts?: DHTOptions): DHT;
  }
}

declare module 'hyperswarm' {
  import type SecretStream from '@hyperswarm/secret-stream';
  import type DHT from 'hyperdht';
  import { EventEmitter } from 'node:events';

  interface PeerDiscovery {
    flushed(): Promise<void>;
    destroy(): Promise<void>;
  }
  interface SwarmOptions {
    keyPair?: { publicKey: Buffer; secretKey: Buffer };
    dht?: DHT;
    maxPeers?: number;
  }
  export default class Hyperswarm extends EventEmitter {
    constructor(opts?: SwarmOptions);
    readonly dht: DHT;
    join(topic: Buffer, opts?: { server?: boolean; client?: boolean }): PeerDiscovery;
    leave(topic: Buffer): Promise<void>;
    flush(): Promise<void>;
    destroy(): Promise<void>;
    on(event: 'connection', listener: (socket: SecretStream, info: { publicKey: Buffer; topics: Buffer[] }) => void): this;
  }
}
