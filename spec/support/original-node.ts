import dgram from 'node:dgram';
import net from 'node:net';
import { EventEmitter, once } from 'node:events';
import { waitUntil } from './wait.js';

/**
 * A stand-in for an original (pre-p2p-chat) node, on loopback: it beacons the
 * original Discovery, reads one JSON value per TCP connection, and sends chat
 * the original way (connect, write, close). Only what the original does.
 */
export class OriginalNode {
  readonly received: string[] = [];
  readonly datagrams: string[] = [];
  private readonly arrivals = new EventEmitter();
  private udp = dgram.createSocket({ type: 'udp4', reuseAddr: true });
  private server = net.createServer((s) => {
    const chunks: Buffer[] = [];
    s.on('data', (c: Buffer) => chunks.push(c));
    s.on('end', () => {
      this.received.push(Buffer.concat(chunks).toString('utf8'));
      this.arrivals.emit('message');
      s.end();
    });
    s.on('error', () => undefined);
  });
  port = 0;

  constructor(
    readonly id: string,
    readonly name: string,
    private readonly discoveryPort: number,
  ) {}

  async start(): Promise<void> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.port = (this.server.address() as net.AddressInfo).port;
    this.udp.on('message', (m) => this.datagrams.push(m.toString('utf8')));
    this.udp.bind(this.discoveryPort, '0.0.0.0');
    await once(this.udp, 'listening');
    this.udp.setBroadcast(true);
  }

  discovery(): string {
    return `{"Discovery":{"id":"${this.id}","name":"${this.name}","ip":"127.0.0.1","port":${this.port}}}`;
  }

  beacon(): void {
    this.udp.send(this.discovery(), this.discoveryPort, '127.255.255.255');
  }

  async sendOneShot(port: number, text: string): Promise<void> {
    const s = net.connect(port, '127.0.0.1');
    await once(s, 'connect');
    s.end(text);
    await once(s, 'close');
  }

  /** Resolves when a matching message has arrived (event-driven, with a deadline). */
  waitReceived(pred: (text: string) => boolean, ms = 5000): Promise<string> {
    return waitUntil(
      this.arrivals,
      'message',
      () => this.received.find(pred),
      ms,
      () => `original node never received it; got ${JSON.stringify(this.received)}`,
    );
  }

  async stop(): Promise<void> {
    this.udp.close();
    await new Promise((r) => this.server.close(r));
  }
}
