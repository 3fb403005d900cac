import type http from 'node:http';
import { Subject, type Observable } from 'rxjs';
import * as E from 'fp-ts/lib/Either.js';
import type { InspectionEvent } from 'xstate';
import type { PeerView } from '../../../machines/index.js';
import type { Output, Stats } from '../../console/index.js';
import { applyInspection } from '../../ui/actors.js';
import { pageView, viewKey, viewOf, type View } from '../../ui/page-view.js';
import { applyOutput, emptyModel, refreshViews } from '../../ui/model.js';
import { channelOf, lineOf, PageSend } from '../../ui/page-send.js';
import { MAX_BODY, openPageServer, readJson, sendJson, type PageOptions } from './page-server.js';

export interface UiServer {
  readonly url: string;
  /** What the page's input box sends, as lines the node reads like typed ones. */
  readonly lines$: Observable<string>;
  output(o: Output): void;
  inspect(e: InspectionEvent): void;
  /** Where live RTTs and last-seen times are read from. */
  describe(source: { id: string; name: string; peers: () => PeerView[]; stats: () => Stats }): void;
  close(): Promise<void>;
}

/** At most this many page updates a second, however busy the node is. */
const PUSH_INTERVAL_MS = 100;

/**
 * `--ui [PORT]`: the live page, a client of this node. One server-sent-events
 * stream carries the whole model whenever it changes; the input box posts to
 * /send. Clients that asked to see private content get it; others see lengths.
 */
export async function openUiServer(opts: Pick<PageOptions, 'port' | 'token' | 'charts'> & { now: () => number }): Promise<UiServer> {
  const model = emptyModel('live');
  const clients = new Map<http.ServerResponse, View>();
  const lines = new Subject<string>();
  let source: { peers: () => PeerView[]; stats: () => Stats } | null = null;
  let dirty = false;
  const frame = (view: View) => `data: ${JSON.stringify(model, pageView(view))}\n\n`;
  const push = () => {
    if (source) {
      refreshViews(model, source.peers());
      model.stats = source.stats();
    }
    // Clients that look at the same actor the same way get the same bytes, made once.
    const made = new Map<string, string>();
    for (const [c, view] of clients) {
      const key = viewKey(view);
      const data = made.get(key) ?? frame(view);
      made.set(key, data);
      c.write(data);
    }
    dirty = false;
  };
  // RTTs change without an output; refresh them once a second as well.
  const ticker = setInterval(() => (dirty = true), 1000);
  const pusher = setInterval(() => dirty && push(), PUSH_INTERVAL_MS);

  const page = await openPageServer({
    port: opts.port,
    token: opts.token,
    charts: opts.charts,
    mode: 'live',
    title: 'live',
    routes: {
      '/events': (req, res, url) => {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
        const view = viewOf(url);
        clients.set(res, view);
        req.on('close', () => clients.delete(res));
        if (source) refreshViews(model, source.peers());
        res.write(frame(view));
      },
      '/send': (req, res) => {
        if (req.method !== 'POST') {
          res.writeHead(405, { allow: 'POST' }).end();
          return;
        }
        void readJson(req).then((body) => {
          if (!body.ok && body.why === 'too-large') {
            res.writeHead(413, { 'content-type': 'text/plain' }).end(`at most ${MAX_BODY} bytes\n`);
            return;
          }
          const send = PageSend.decode(body.ok ? body.value : null);
          if (E.isLeft(send)) {
            res
              .writeHead(400, { 'content-type': 'text/plain' })
              .end(
                'expected {"to": PEER-ID or null, "text": "..."}, {"channel": "#ID", "text": "..."} or {"act": "join"|"part", "channel": "#NAME"}\n',
              );
            return;
          }
          lines.next(lineOf(send.right));
          const channel = channelOf(send.right);
          sendJson(res, 202, JSON.stringify(channel === null ? { ok: true } : { ok: true, channel }));
        });
      },
    },
  });
  return {
    url: page.url,
    lines$: lines.asObservable(),
    output(o) {
      if (applyOutput(model, o)) dirty = true;
    },
    inspect(e) {
      if (applyInspection(model, e, opts.now())) dirty = true;
    },
    describe(s) {
      source = s;
      model.self = { id: s.id, name: s.name };
      dirty = true;
    },
    close() {
      clearInterval(ticker);
      clearInterval(pusher);
      lines.complete();
      for (const c of clients.keys()) c.end();
      return page.close();
    },
  };
}
