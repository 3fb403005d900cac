#!/usr/bin/env node
import * as E from 'fp-ts/lib/Either.js';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { asyncScheduler } from 'rxjs';
import { v4 as uuidv4 } from 'uuid';
import { startNode } from './compose.js';
import { parseConfig, USAGE } from './config.js';

/** The only file that touches `process`: argv, signals, exit code. */
async function main(): Promise<number> {
  const user = (() => {
    try {
      return os.userInfo().username;
    } catch {
      return 'user';
    }
  })();
  const parsed = parseConfig(process.argv.slice(2), { name: `${user}@${os.hostname()}`.slice(0, 64), dataDir: path.join(os.homedir(), '.p2p-chat') });
  if (E.isLeft(parsed)) {
    process.stderr.write(`p2p-chat: ${parsed.left}\n\n${USAGE}\n`);
    return 2;
  }
  const action = parsed.right;
  if (action.kind === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (action.kind === 'version') {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    process.stdout.write(`p2p-chat ${pkg.version}\n`);
    return 0;
  }
  const node = await startNode(action.config, {
    scheduler: asyncScheduler,
    now: () => performance.timeOrigin + performance.now(),
    newId: uuidv4,
    formatTime: (s) => new Date(s * 1000).toTimeString().slice(0, 8),
    stdin: process.stdin,
    stdout: process.stdout,
  });
  const quit = () => void node.stop();
  process.once('SIGINT', quit);
  process.once('SIGTERM', quit);
  process.once('SIGHUP', quit);
  await node.done;
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
