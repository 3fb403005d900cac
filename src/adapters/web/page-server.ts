import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { LaidOutChart } from '../../ui/chart-layout.js';
import { pageHtml } from '../../ui/page.js';
import { addressPort } from '../link/address-port.js';
import { localGate } from './local-gate.js';

export type Route = (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => void;

export interface PageServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Where the build puts the page's script (esbuild, `npm run build`): next to dist/src, or under dist from the sources. */
const BUNDLE = [new URL('../../../page/app.js', import.meta.url), new URL('../../../dist/page/app.js', import.meta.url)];

function readBundle(): string {
  for (const u of BUNDLE) {
    try {
      return readFileSync(u, 'utf8');
    } catch {
      // the other place
    }
  }
  throw new Error('the page script is not built (npm run build)');
}

/** Requests with a body are small here: one chat (at most 64 KiB of text, escaped in JSON), never more. */
export const MAX_BODY = 256 * 1024;

const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; connect-src 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

/** A JSON answer, with the same headers as everything else the pages get. */
export function sendJson(res: http.ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/json', ...SECURITY_HEADERS }).end(body);
}

/**
 * The one HTTP server behind `--ui` and `replay --ui`: 127.0.0.1 only, every
 * request through the local gate (host, origin, per-run token), the page and
 * its bundled script (nothing fetched from anywhere else), the machines'
 * charts, and the routes of the live node or the replay.
 */
export interface PageOptions {
  readonly port: number;
  readonly token: string;
  readonly title: string;
  readonly mode: 'live' | 'replay';
  /** The machines' charts, laid out (machine-charts.ts); asked for once, when a page first wants them. */
  readonly charts: () => Promise<Record<string, LaidOutChart>>;
  readonly routes: Record<string, Route>;
}

export async function openPageServer(opts: PageOptions): Promise<PageServer> {
  const gate = localGate(opts.token);
  const script = readBundle();
  let charts: Promise<string> | null = null;
  let port = 0;
  const server = http.createServer((req, res) => {
    const refused = gate.refuse(req, port);
    if (refused !== null) {
      res.writeHead(403, { 'content-type': 'text/plain' }).end(`forbidden: ${refused}\n`);
      return;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    if (path === '/' || path === '/index.html') {
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...SECURITY_HEADERS })
        .end(pageHtml(opts.title, opts.token, opts.mode));
      return;
    }
    if (path === '/app.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', ...SECURITY_HEADERS }).end(script);
      return;
    }
    if (path === '/charts.json') {
      charts ??= opts.charts().then((c) => JSON.stringify(c));
      charts.then(
        (body) => sendJson(res, 200, body),
        (e: Error) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`charts: ${e.message}\n`),
      );
      return;
    }
    const route = Object.prototype.hasOwnProperty.call(opts.routes, path) ? opts.routes[path] : undefined;
    if (route) route(req, res, url);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => resolve());
  });
  port = addressPort(server.address());
  // Laid out now, while the user reads the URL: the first page load does not wait for ELK.
  setImmediate(() => void (charts ??= opts.charts().then((c) => JSON.stringify(c))).catch(() => undefined));
  return {
    url: `http://127.0.0.1:${port}/?token=${opts.token}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A JSON body of at most MAX_BODY bytes: `too-large` past it (read to its end,
 * so the client hears the answer, but nothing of it kept), `bad` if not JSON.
 */
export function readJson(req: http.IncomingMessage): Promise<{ ok: true; value: unknown } | { ok: false; why: 'too-large' | 'bad' }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
      // Someone streaming without end is not sending a chat.
      else if (size > 4 * MAX_BODY) req.destroy();
    });
    req.on('end', () => {
      if (size > MAX_BODY) return resolve({ ok: false, why: 'too-large' });
      try {
        resolve({ ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      } catch {
        resolve({ ok: false, why: 'bad' });
      }
    });
    req.on('error', () => resolve({ ok: false, why: 'bad' }));
  });
}
