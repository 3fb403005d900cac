import { expect } from 'chai';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RunningNode } from '../../src/compose.js';
import { openFilesPort } from '../../src/adapters/files/files-port.js';
import type { FilesPort } from '../../src/wire/ports/index.js';
import { tempDataDir } from '../support/proc-node.js';
import { inProcess, type Shown } from './in-process-node.js';

const MB = 1024 * 1024;
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/**
 * The files' disk, except that the `nth` chunk it serves goes out with its first
 * byte flipped (what a failing disk or a bad peer would send), and `corrupted`
 * says it did. It stands where the node takes its files port: everything else
 * is the real node.
 */
function corruptingNth(port: FilesPort, tamper: { readonly nth: number; corrupted: boolean }): FilesPort {
  let served = 0;
  return {
    ...port,
    serve: (id, offset, bytes, out) =>
      port.serve(id, offset, bytes, {
        send: (chunk) => {
          if (++served !== tamper.nth || !chunk.data) return out.send(chunk);
          const data = Buffer.from(chunk.data);
          data[0] = (data[0] ?? 0) ^ 0xff;
          tamper.corrupted = true;
          return out.send({ ...chunk, data });
        },
        drained: (low) => out.drained(low),
      }),
  };
}

const isTransfer = (state: string) => (l: Shown) => l['event'] === 'transfer' && l['state'] === state;

/** Was in spec/lan/files.spec.ts (through a test hook in the node); proved here in-process, on loopback. */
describe('integration: a chunk corrupted on its way', function () {
  this.timeout(20_000);
  const nodes: RunningNode[] = [];
  afterEach(async () => {
    await Promise.all(nodes.splice(0).map((n) => n.stop()));
  });

  it('fails its piece check: the piece is fetched again, the file arrives whole, nothing partial is left', async () => {
    const port = 27000 + (process.pid % 20000);
    const work = tempDataDir();
    const downloads = (who: string) => {
      const dir = path.join(work, who);
      mkdirSync(dir);
      return dir;
    };
    const tamper = { nth: 10, corrupted: false };
    const alice = inProcess('alice', port, {
      config: { downloads: downloads('alice') },
      world: { files: (dir) => corruptingNth(openFilesPort({ downloads: dir }), tamper) },
    });
    const bobDownloads = downloads('bob');
    const bob = inProcess('bob', port, { config: { downloads: bobDownloads } });
    const [a, b] = await Promise.all([alice.run(), bob.run()]);
    nodes.push(a, b);
    await alice.waitFor((l) => l['event'] === 'peer' && l['id'] === b.id && l['state'] === 'connected', 10_000, 'bob connected');

    const file = path.join(work, 'corrupt.bin');
    writeFileSync(file, randomBytes(3 * MB));
    alice.send(`/send bob ${file}`);
    const offered = await bob.waitFor((l) => isTransfer('offered')(l) && l['name'] === 'corrupt.bin', 10_000, 'the offer');
    bob.send(`/accept ${String(offered['id']).slice(0, 8)}`);
    const done = await bob.waitFor((l) => isTransfer('done')(l) && l['id'] === offered['id'], 15_000, 'the transfer done');

    expect(tamper.corrupted, 'a chunk was corrupted').to.equal(true);
    expect(bob.lines.some((l) => l['event'] === 'error' && l['code'] === 'BAD_PIECE')).to.equal(true);
    expect(sha256(String(done['path']))).to.equal(sha256(file));
    const partial = path.join(bobDownloads, '.partial');
    expect(existsSync(partial) ? readdirSync(partial, { recursive: true }) : []).to.deep.equal([]);
  });
});
