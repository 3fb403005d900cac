import { pageView, viewOf } from '../../ui/page-view.js';
import type { Timeline } from '../../ui/timeline.js';
import { openPageServer, sendJson, type PageOptions, type PageServer } from './page-server.js';

/**
 * `p2p-chat replay FILE --ui [PORT]`: the same page over a recording. The page
 * asks for the timeline once (span and markers), then for the model at each
 * moment the slider or the player reaches.
 */
export async function openReplayUiServer(
  opts: Pick<PageOptions, 'port' | 'token' | 'charts'> & { timeline: Timeline; file: string },
): Promise<PageServer> {
  const { timeline } = opts;
  return openPageServer({
    port: opts.port,
    token: opts.token,
    charts: opts.charts,
    mode: 'replay',
    title: `replay of ${opts.file}`,
    routes: {
      '/timeline': (_req, res) => {
        sendJson(res, 200, JSON.stringify({ start: timeline.start, end: timeline.end, markers: timeline.markers() }));
      },
      '/frame': (_req, res, url) => {
        const t = Number(url.searchParams.get('t'));
        if (!Number.isFinite(t)) {
          res.writeHead(400, { 'content-type': 'text/plain' }).end('t: a time in ms\n');
          return;
        }
        sendJson(res, 200, JSON.stringify(timeline.frameAt(t), pageView(viewOf(url))));
      },
    },
  });
}
