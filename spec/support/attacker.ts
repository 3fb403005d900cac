import dgram from 'node:dgram';
import net from 'node:net';
import { EventEmitter, once } from 'node:events';
import { waitUntil } from './wait.js';
import SecretStream from '@hyperswarm/secret-stream';
import * as E from 'fp-ts/lib/Either.js';
import type { Identity } from '../../src/wire/identity/identity.js';
import { encodeMessage } from '../../src/wire/protocol/encode.js';
import { encodeFrame, FrameDecoder, PREFACE } from '../../src/wire/protocol/frame.js';
import type { Message } from '../../src/wire/protocol/messages.js';

/**
 * A hostile (or merely test) peer that speaks the protocol by hand: it holds a
 * real key, so it can complete a Noise handshake as itself, and then write
 * whatever it likes, framed or not. Loopback only.
 */
export class Attacker {
  private readonly udp = dgram.createSocket({ type: 'udp4', reuseAddr: true });
  private readonly sockets = new Set<net.Socket>();

  constructor(
    readonly identity: Identity,
    private readonly discoveryPort: number,
  ) {}

  async start(): Promise<void> {
    this.udp.bind(0, '127.0.0.1');
    await once(this.udp, 'listening');
    this.udp.setBroadcast(true);
  }

  datagram(bytes: Buffer | string): Promise<void> {
    return new Promise((resolve) => this.udp.send(bytes, this.discoveryPort, '127.255.255.255', () => resolve()));
  }

  /** The original way: connect, write, close. */
  async oneShot(port: number, text: string | Buffer): Promise<void> {
    const s = net.connect(port, '127.0.0.1');
    s.on('error', () => undefined);
    await once(s, 'connect');
    s.end(text);
    await once(s, 'close');
  }

  /** A real Noise link to the victim, as this identity, with a hello of our choosing. */
  async link(port: number, hello: { name: string; port?: number }, localAddress?: string): Promise<RawLink> {
    const socket = net.connect({ port, host: '127.0.0.1', ...(localAddress ? { localAddress } : {}) });
    this.sockets.add(socket);
    socket.on('error', () => undefined);
    await once(socket, 'connect');
    socket.write(PREFACE);
    const channel = new SecretStream(true, socket, { keyPair: { publicKey: this.identity.publicKey, secretKey: this.identity.secretKey } });
    channel.on('error', () => undefined);
    const link = new RawLink(channel);
    link.send({ type: 'Hello', body: { id: this.identity.id, name: hello.name, port: hello.port ?? 1, version: 2 } } as Message);
    await link.next((m) => m.type === 'Hello');
    return link;
  }

  stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    return new Promise((resolve) => this.udp.close(() => resolve()));
  }
}

export class RawLink {
  readonly received: Message[] = [];
  private readonly arrivals = new EventEmitter();
  readonly closed: Promise<void>;

  constructor(private readonly channel: SecretStream) {
    const decoder = new FrameDecoder();
    channel.on('data', (chunk: Buffer) => {
      const r = decoder.push(chunk);
      if (E.isLeft(r)) return;
      for (const f of r.right) {
        const m = JSON.parse(f.toString()) as Record<string, unknown>;
        const [type] = Object.keys(m);
        this.received.push({ type, body: m[type as string] } as Message);
        this.arrivals.emit('message');
      }
    });
    this.closed = new Promise((resolve) => channel.on('close', () => resolve()));
  }

  /** Answers the node's heartbeats, as a live peer does. */
  autoPong(): void {
    this.arrivals.on('message', () => {
      const last = this.received[this.received.length - 1];
      if (last?.type === 'Ping') this.send({ type: 'Pong', body: last.body });
      if (this.received.length > 64) this.received.splice(0, this.received.length - 64);
    });
  }

  send(m: Message): void {
    const f = encodeFrame(encodeMessage(m), Number.MAX_SAFE_INTEGER);
    if (E.isRight(f)) this.channel.write(f.right);
  }

  /** Bytes as they are, inside the encryption: frames, broken frames, anything. */
  sendRaw(bytes: Buffer): void {
    this.channel.write(bytes);
  }

  /** Bytes under the encryption, on the TCP socket itself (secret-stream's own framing). */
  sendUnsealed(bytes: Buffer): boolean {
    return this.channel.rawStream.write(bytes);
  }

  next(pred: (m: Message) => boolean, ms = 5000): Promise<Message> {
    return waitUntil(
      this.arrivals,
      'message',
      () => this.received.find(pred),
      ms,
      () => `no such message; got ${JSON.stringify(this.received.map((m) => m.type))}`,
    );
  }

  close(): void {
    this.channel.destroy();
  }
}
