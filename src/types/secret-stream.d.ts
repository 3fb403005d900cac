// The parts of @hyperswarm/secret-stream (JavaScript, untyped) this project uses.
declare module '@hyperswarm/secret-stream' {
  import type { Duplex as NodeDuplex } from 'node:stream';
  import { EventEmitter } from 'node:events';

  interface KeyPair {
    publicKey: Buffer;
    secretKey: Buffer;
  }

  interface Options {
    pattern?: 'XX';
    keyPair?: KeyPair;
  }

  export default class SecretStream extends EventEmitter {
    constructor(isInitiator: boolean, rawStream: NodeDuplex | null, opts?: Options);
    readonly publicKey: Buffer;
    readonly remotePublicKey: Buffer | null;
    readonly isInitiator: boolean;
    readonly rawStream: NodeDuplex;
    readonly destroyed: boolean;
    readonly destroying: boolean;
    write(data: Buffer): boolean;
    end(): void;
    destroy(err?: Error): void;
    pause(): this;
    resume(): this;
    static keyPair(seed?: Buffer): KeyPair;
  }
}
