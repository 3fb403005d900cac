#!/usr/bin/env node
import * as E from 'fp-ts/lib/Either.js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { openBootstrap } from './adapters/rooms/room-bootstrap.js';
import { PassThrough } from 'node:stream';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { v4 as uuidv4 } from 'uuid';
import { openUiServer } from './adapters/web/ui-server.js';
import { openReplayUiServer } from './adapters/web/replay-ui-server.js';
import { Timeline } from './ui/timeline.js';
import type { Output } from './console/index.js';
import type { InspectionEvent } from 'xstate';
import { newToken } from './adapters/web/local-gate.js';
import { startNode, type RunOptions, type World } from './compose.js';
import { parseConfig, USAGE } from './config/config.js';
import { replay } from './replay.js';
import { codeOf, messageOf } from './base/caught.js';
import * as t from 'io-ts';

/** Local wall-clock text for a Unix time, as `--time-format` asks. */
const timeFormatter = (format: 'hms' | 'hm' | 'iso' | 'off') => (s: number) => {
  const d = new Date(s * 1000);
  if (format === 'off') return '';
  if (format === 'iso') return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 19);
  return d.toTimeString().slice(0, format === 'hm' ? 5 : 8);
};
const formatTime = timeFormatter('hms');

/** The node's wall clock (ms): its scheduler follows it, and the page stamps its actors' events by it. */
const wall = () => performance.timeOrigin + performance.now();

/** The machines' charts for the pages: ELK is loaded only by a node that serves one. */
const charts = () => import('./ui/machine-charts.js').then((m) => m.machineCharts());

/** The one root that touches `process` (argv, signals, exit code, stderr); beside it only adapters do. */
async function main(): Promise<number> {
  const user = (() => {
    try {
      return os.userInfo().username;
    } catch {
      return 'user';
    }
  })();
  const parsed = parseConfig(process.argv.slice(2), {
    name: `${user}@${os.hostname()}`.slice(0, 64),
    dataDir: path.join(os.homedir(), '.p2p-chat'),
    downloads: path.join(os.homedir(), 'Downloads', 'p2p-chat'),
  });
  if (E.isLeft(parsed)) {
    // One line and where to look: 25 lines of usage would bury the one that matters.
    process.stderr.write(`p2p-chat: ${parsed.left}\n(see p2p-chat --help)\n`);
    return 2;
  }
  const action = parsed.right;
  if (action.kind === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (action.kind === 'version') {
    const pkg = t.type({ version: t.string }).decode(JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')));
    process.stdout.write(`p2p-chat ${E.isRight(pkg) ? pkg.right.version : 'unknown'}\n`);
    return 0;
  }
  if (action.kind === 'replay') {
    let text: string;
    try {
      text = readFileSync(action.file, 'utf8');
    } catch (e) {
      process.stderr.write(`p2p-chat replay: ${messageOf(e)}\n`);
      return 2;
    }
    const timeline = action.ui === null ? null : new Timeline();
    const r = await replay(text, {
      json: action.json,
      formatTime,
      print: (line) => process.stdout.write(`${line}\n`),
      speed: action.speed,
      wait: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      // On stderr, so --json output stays one JSON object per line.
      banner: (text) => process.stderr.write(`p2p-chat: ${action.file}: ${text}\n`),
      ...(timeline
        ? {
            onOutput: (output: Output, at: number) => timeline.add({ at, output }),
            inspect: (inspection: InspectionEvent, at: number) => timeline.add({ at, inspection }),
          }
        : {}),
    });
    if (E.isLeft(r)) {
      process.stderr.write(`p2p-chat replay: ${action.file}: ${r.left}\n`);
      return 2;
    }
    if (timeline && action.ui !== null) {
      const page = await openReplayUiServer({ port: action.ui, token: newToken(), charts, timeline, file: action.file });
      process.stderr.write(`p2p-chat: ${action.file}: replay page at ${page.url} (Ctrl-C ends it)\n`);
      await new Promise<void>((resolve) => {
        for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(s, () => resolve());
      });
      await page.close();
    }
    return 0;
  }
  if (action.kind === 'bootstrap') {
    const node = await openBootstrap(action.host, action.port);
    process.stderr.write(
      `p2p-chat: bootstrap node on ${action.host}:${action.port} (nodes: --bootstrap ${action.host}:${action.port}); Ctrl-C ends it\n`,
    );
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await node.close();
    return 0;
  }
  const config = action.config;
  // The doctor is a node whose only typed lines are /doctor, after it has listened a while, and /quit.
  const doctoring = action.kind === 'doctor';
  const input = doctoring ? new PassThrough() : process.stdin;
  const listen = Math.max(6000, config.beaconInterval + 1500);
  const run: { -readonly [K in keyof RunOptions]: RunOptions[K] } = config.record ? { record: config.record } : {};
  // One secret per run for both local pages: printed here, required by every request.
  const token = newToken();
  // Loaded only when asked for: the inspector's WebSocket libraries cost every start ~35 ms.
  const inspector = config.inspect ? await (await import('./adapters/web/inspector.js')).openInspector({ token }) : null;
  if (inspector)
    process.stderr.write(
      `p2p-chat: inspector at ${inspector.url} (its Stately page needs the internet; --ui is the offline way: the same machines, drawn by this node)\n`,
    );
  const ui = config.ui !== null ? await openUiServer({ port: config.ui, token, charts, now: wall }) : null;
  if (inspector || ui) {
    run.inspect = (e) => {
      inspector?.inspect(e);
      ui?.inspect(e);
    };
  }
  // Said before the node starts, so it never lands after the console's prompt.
  if (ui) process.stderr.write(`p2p-chat: live page at ${ui.url}\n`);
  if (ui) {
    run.onOutput = (o) => ui.output(o);
    run.lines$ = ui.lines$;
  }
  // The doctor quits once its findings are out (the system's part of them takes a moment).
  if (doctoring) run.onOutput = (o) => o.type === 'doctor' && input.end('/quit\n');
  // A reader that went away (`p2p-chat --json | head -1`) ends the node quietly,
  // goodbyes sent, exit 0: as /quit would, not with a stack trace.
  let readerGone = false;
  let onReaderGone = () => void (readerGone = true);
  process.stdout.on('error', (e) => {
    if (codeOf(e) !== 'EPIPE') process.stderr.write(`p2p-chat: stdout: ${messageOf(e)}\n`);
    onReaderGone();
  });
  const world: World = {
    wall,
    pid: process.pid,
    warn: (text) => process.stderr.write(`p2p-chat: ${text}\n`),
    newId: uuidv4,
    formatTime: timeFormatter(config.timeFormat),
    stdin: input,
    stdout: process.stdout,
    env: process.env,
    ...(process.argv[1] ? { script: process.argv[1] } : {}),
  };
  let started = await startNode(config, world, run);
  // The doctor beside a running node on the same data dir: it listens with a fresh one, and says so.
  if (doctoring && E.isLeft(started) && started.left.code === 'DATA_DIR_IN_USE') {
    const fresh = mkdtempSync(path.join(os.tmpdir(), 'p2p-chat-doctor-'));
    process.once('exit', () => rmSync(fresh, { recursive: true, force: true }));
    started = await startNode({ ...config, dataDir: fresh }, { ...world, dataDirInUse: started.left.message }, run);
  }
  if (E.isLeft(started)) {
    process.stderr.write(`p2p-chat: ${started.left.message}\n`);
    return 1;
  }
  const node = started.right;
  if (ui) ui.describe({ id: node.id, name: config.name, peers: () => node.peers(), stats: () => node.stats() });
  if (doctoring) {
    process.stderr.write(`p2p-chat doctor: listening for ${Math.round(listen / 1000)} s on the LAN...\n`);
    setTimeout(() => input.write('/doctor\n'), listen).unref();
  }
  const quit = () => void node.stop();
  onReaderGone = quit;
  if (readerGone) quit();
  process.once('SIGINT', quit);
  process.once('SIGTERM', quit);
  process.once('SIGHUP', quit);
  await node.done;
  await ui?.close();
  inspector?.close();
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
    // stdin may hold the loop open after a signal; everything of ours is closed by now.
    setImmediate(() => process.exit(code));
  },
  (e: Error) => {
    process.stderr.write(`p2p-chat: ${e.message}\n`);
    process.exit(1);
  },
);
