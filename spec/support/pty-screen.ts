import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readlinkSync } from 'node:fs';
import { EventEmitter, once } from 'node:events';
import { createRequire } from 'node:module';
import type * as xterm from '@xterm/headless';
import { CLI, tempDataDir } from './proc-node.js';
import { waitUntil } from './wait.js';

// A CommonJS package whose named exports Node's ESM loader cannot see, and whose default
// import differs between loaders: require() is the one way that is the same everywhere.
const { Terminal } = createRequire(import.meta.url)('@xterm/headless') as typeof xterm;

/**
 * A node in a real pseudo-terminal of a fixed size, read back through a
 * terminal emulator: what a person would see on the screen, not the bytes.
 * The pty comes from util-linux `script` (no native module to build); its
 * size is set with `stty` before the node starts.
 */
export class PtyScreen {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly term: xterm.Terminal;
  /** 'parsed' after the emulator has taken in each chunk the node wrote. */
  private readonly parsed = new EventEmitter();
  readonly exited: Promise<number | null>;
  readonly dataDir: string;
  raw = '';
  /** Bells the terminal rang. */
  bells = 0;

  constructor(
    args: string[],
    public size: { cols: number; rows: number } = { cols: 80, rows: 24 },
    dataDir?: string,
  ) {
    this.dataDir = dataDir ?? tempDataDir();
    this.term = new Terminal({ cols: size.cols, rows: size.rows, allowProposedApi: true });
    const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
    const cmd = [process.execPath, CLI, ...args, '--data-dir', this.dataDir].map(quote).join(' ');
    this.child = spawn('script', ['-qfec', `stty cols ${size.cols} rows ${size.rows}; exec ${cmd}`, '/dev/null'], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, TERM: 'xterm-256color' },
    });
    this.child.stdout.on('data', (b: Buffer) => {
      this.raw += b.toString('latin1');
      this.term.write(b, () => this.parsed.emit('parsed'));
    });
    this.term.onBell(() => this.bells++);
    this.exited = once(this.child, 'exit').then(([code]) => code as number | null);
  }

  /** The visible rows, right-trimmed. */
  screen(): string[] {
    const buf = this.term.buffer.active;
    return Array.from({ length: this.size.rows }, (_, i) => buf.getLine(buf.viewportY + i)?.translateToString(true) ?? '');
  }

  /** Where the cursor is on the visible screen. */
  cursor(): { x: number; y: number } {
    const buf = this.term.buffer.active;
    return { x: buf.cursorX, y: buf.cursorY };
  }

  /**
   * The terminal window resized: the pty gets the new size (the kernel then sends
   * the node SIGWINCH, as a terminal emulator's resize does) and so does the emulator.
   */
  resize(cols: number, rows: number): void {
    const node =
      execFileSync('pgrep', ['-P', String(this.child.pid)], { encoding: 'utf8' })
        .trim()
        .split('\n')[0] ?? '';
    const tty = readlinkSync(`/proc/${node}/fd/0`);
    execFileSync('stty', ['-F', tty, 'cols', String(cols), 'rows', String(rows)]);
    this.term.resize(cols, rows);
    this.size = { cols, rows };
  }

  /** Keys as typed (no newline added). */
  type(text: string): void {
    this.child.stdin.write(text);
  }

  /** Resolves once the screen satisfies `pred`, checked after each chunk the emulator takes in. */
  waitForScreen(pred: (rows: string[]) => boolean, ms = 10_000, what = 'screen'): Promise<string[]> {
    return waitUntil(
      this.parsed,
      'parsed',
      () => (pred(this.screen()) ? this.screen() : undefined),
      ms,
      () => `${what}; screen:\n${this.screen().join('\n')}`,
    );
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) this.child.kill('SIGTERM');
    await this.exited;
    this.term.dispose();
  }
}
