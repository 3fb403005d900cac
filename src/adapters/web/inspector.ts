import http from 'node:http';
import { createWebSocketInspector } from '@statelyai/inspect';
import { WebSocket, WebSocketServer } from 'ws';
import type { InspectionEvent } from 'xstate';
import { addressPort } from '../link/address-port.js';
import { localGate } from './local-gate.js';

/**
 * `--inspect`: the node's actors, seen in the Stately inspector. A relay on
 * 127.0.0.1 only (the package's own server listens on every interface and
 * starts a browser) serves a page that embeds the hosted inspector, and
 * @statelyai/inspect's WebSocket inspector sends it every actor event.
 * Those events hold private chats, so the page and the relay are behind the
 * local gate (our host, our origin, the run's token), and only the node's own
 * inspector (on /node) is relayed: what a page sends goes nowhere.
 */
export interface Inspector {
  readonly url: string;
  inspect(e: InspectionEvent): void;
  close(): void;
}

const bridgePage = (wsUrl: string) => `<!doctype html><html><head><title>p2p-chat: Stately inspector</title>
<style>html,body,iframe{margin:0;width:100%;height:100%;border:0}</style></head><body>
<iframe id="i" src="https://stately.ai/inspect" referrerpolicy="no-referrer"></iframe><script>
const f=document.getElementById('i'),buf=[];let ready=false;
addEventListener('message',e=>{if(e.data&&e.data.type==='@statelyai.connected'){ready=true;buf.splice(0).forEach(m=>f.contentWindow.postMessage(m,'https://stately.ai'))}});
const ws=new WebSocket(${JSON.stringify(wsUrl)});ws.onmessage=e=>{const d=JSON.parse(e.data);ready?f.contentWindow.postMessage(d,'https://stately.ai'):buf.push(d)};
</script></body></html>`;

export async function openInspector(opts: { port?: number; token: string }): Promise<Inspector> {
  const gate = localGate(opts.token);
  const page = http.createServer((req, res) => {
    const refused = gate.refuse(req, port);
    if (refused !== null) return void res.writeHead(403, { 'content-type': 'text/plain' }).end(`forbidden: ${refused}\n`);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'referrer-policy': 'no-referrer' });
    res.end(bridgePage(`ws://127.0.0.1:${port}/?token=${opts.token}`));
  });
  const relay = new WebSocketServer({
    server: page,
    verifyClient: ({ req }, done) => {
      const refused = gate.refuse(req, port);
      done(refused === null, 403, refused ?? undefined);
    },
  });
  // The relay re-emits the page server's errors; a busy port is handled by listen() below.
  relay.on('error', () => undefined);
  const recent: string[] = [];
  relay.on('connection', (ws, req) => {
    recent.forEach((m) => ws.send(m));
    if (!(req.url ?? '').startsWith('/node?')) return;
    ws.on('message', (data) => {
      const m = Buffer.isBuffer(data)
        ? data.toString('utf8')
        : Array.isArray(data)
          ? Buffer.concat(data).toString('utf8')
          : Buffer.from(data).toString('utf8');
      recent.push(m);
      if (recent.length > 500) recent.shift();
      for (const c of relay.clients) if (c !== ws && c.readyState === WebSocket.OPEN) c.send(m);
    });
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      page.once('error', reject);
      page.listen(port, '127.0.0.1', () => {
        page.off('error', reject);
        resolve();
      });
    });
  // 8080 is the inspector's customary port; if something else has it, any free port will do.
  await listen(opts.port ?? 8080).catch(() => listen(0));
  const port = addressPort(page.address());
  const inspector = createWebSocketInspector({ url: `ws://127.0.0.1:${port}/node?token=${opts.token}` });
  return {
    url: `http://127.0.0.1:${port}/?token=${opts.token}`,
    inspect: (e) => inspector.inspect.next?.(e),
    close() {
      inspector.stop();
      for (const c of relay.clients) c.terminate();
      relay.close();
      page.close();
    },
  };
}
