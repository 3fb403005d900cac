import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { identityFromSeed, SEED_BYTES, type Identity } from '../wire/identity/identity.js';
import type { TrustStore } from '../wire/ports.js';
import { trustStore } from '../base/trust-store.js';
import { codeOf, messageOf } from '../base/caught.js';

/**
 * The data directory: the node's identity key (mode 0600, in a 0700 folder) and
 * the keys pinned for peers on first use. The only file touching the disk.
 */
const KEY_FILE = 'identity.key';
const PINS_FILE = 'known_peers.json';
const LOCK_FILE = 'lock';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return codeOf(e) === 'EPERM';
  }
};

/**
 * One node per data directory: two nodes on one identity would never see each
 * other (each drops its own id's beacons). The lock holds our pid; a lock left
 * by a process that no longer runs (a crash) is taken over.
 */
export function lockDataDir(dir: string): E.Either<string, { release(): void }> {
  const file = path.join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
      return E.right({
        release: () => {
          try {
            unlinkSync(file);
          } catch {
            /* already gone: nothing to release */
          }
        },
      });
    } catch (e) {
      if (codeOf(e) !== 'EEXIST') return E.left(`data directory ${dir}: ${messageOf(e)}`);
      const pid = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
        return E.left(`data directory ${dir} is in use by another p2p-chat node (pid ${pid}); give each node its own --data-dir`);
      }
      unlinkSync(file); // left by a node that crashed
    }
  }
  return E.left(`data directory ${dir}: could not take the lock`);
}

export function openDataDir(dir: string): E.Either<string, { identity: Identity; trust: TrustStore }> {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const keyPath = path.join(dir, KEY_FILE);
    let seed: Buffer;
    try {
      const mode = statSync(keyPath).mode & 0o777;
      if ((mode & 0o077) !== 0) {
        return E.left(`${keyPath} is readable by others (mode ${mode.toString(8)}); run: chmod 600 ${keyPath}`);
      }
      seed = Buffer.from(readFileSync(keyPath, 'utf8').trim(), 'base64');
      if (seed.byteLength !== SEED_BYTES) return E.left(`${keyPath} is not a p2p-chat identity key`);
    } catch (e) {
      if (codeOf(e) !== 'ENOENT') throw e;
      seed = randomBytes(SEED_BYTES);
      writeFileSync(keyPath, `${seed.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
      chmodSync(keyPath, 0o600); // the umask may have narrowed it further, never widened: make it exact
    }
    return E.right({ identity: identityFromSeed(seed), trust: fileTrustStore(path.join(dir, PINS_FILE)) });
  } catch (e) {
    return E.left(`data directory ${dir}: ${messageOf(e)}`);
  }
}

const Pins = t.record(t.string, t.string);

/** name → base64url public key; written whole and renamed into place, so a crash never leaves half a file. */
export function fileTrustStore(file: string): TrustStore {
  let initial: Record<string, string> = {};
  try {
    const decoded = Pins.decode(JSON.parse(readFileSync(file, 'utf8')));
    if (E.isRight(decoded)) initial = decoded.right;
  } catch {
    // No pins yet (or an unreadable file, which is then rewritten on the next pin).
  }
  return trustStore(initial, (pins) => {
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(pins, null, 2)}\n`, { mode: 0o600 });
    renameSync(tmp, file);
  });
}
