import http from 'node:http';
import type { InspectionEvent } from 'xstate';
import type { PeerView } from '../../machines/index.js';
import type { Output, Stats } from '../console/index.js';
import { applyInspection, applyOutput, emptyModel, refreshViews } from '../ui/model.js';
import { PAGE } from '../ui/page.js';
import { addressPort } from './address-port.js';
import { localGate } from './local-gate.js';

export interface UiServer {
  readonly url: string;
  output(o: Output): void;
  inspect(e: InspectionEvent): void;
  /** Where live RTTs and last-seen times are read from. */
  describe(source: { id: string; name: string; peers: () => PeerView[]; stats: () => Stats }): void;
  close(): Promise<void>;
}

/** At most this many page updates a second, however busy the node is. */
const PUSH_INTERVAL_MS = 100;

/**
 * `--ui [PORT]`: the live network page, on 127.0.0.1 only. One page, one
 * server-sent-events stream carrying the whole model whenever it changes.
 */
export async function openUiServer(opts: { port: number; token: string }): Promise<UiServer> {
  const gate = localGate(opts.token);
  const model = emptyModel();
  const clients = new Set<http.ServerResponse>();
  let source: { peers: () => PeerView[]; stats: () => Stats } | null = null;
  let dirty = false;
  const push = () => {
    if (source) {
      refreshViews(model, source.peers());
      model.stats = source.stats();
    }
    const data = `data: ${JSON.stringify(model)}\n\n`;
    for (const c of clients) c.write(data);
    dirty = false;
  };
  // RTTs change without an output; refresh them once a second as well.
  const ticker = setInterval(() => (dirty = true), 1000);
  const pusher = setInterval(() => dirty && push(), PUSH_INTERVAL_MS);

  let port = 0;
  const server = http.createServer((req, res) => {
    const refused = gate.refuse(req, port);
    if (refused !== null) {
      res.writeHead(403, { 'content-type': 'text/plain' }).end(`forbidden: ${refused}\n`);
      return;
    }
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (path === '/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      clients.add(res);
      req.on('close', () => clients.delete(res));
      if (source) refreshViews(model, source.peers());
      res.write(`data: ${JSON.stringify(model)}\n\n`);
      return;
    }
    if (path === '/' || path === '/index.html') {
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'",
      });
      res.end(PAGE);
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => resolve());
  });
  port = addressPort(server.address());
  return {
    url: `http://127.0.0.1:${port}/?token=${opts.token}`,
    output(o) {
      if (applyOutput(model, o)) dirty = true;
    },
    inspect(e) {
      if (applyInspection(model, e, Date.now())) dirty = true;
    },
    describe(s) {
      source = s;
      model.self = { id: s.id, name: s.name };
      dirty = true;
    },
    close() {
      clearInterval(ticker);
      clearInterval(pusher);
      for (const c of clients) c.end();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
