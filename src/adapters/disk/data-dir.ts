import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { writeWhole } from './write-whole.js';
import { readJsonFile } from './json-file.js';
import path from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { identityFromSeed, SEED_BYTES, type Identity } from '../../wire/identity/identity.js';
import type { TrustStore } from '../../wire/ports/index.js';
import { trustStore } from '../../wire/identity/trust-store.js';
import { codeOf, messageOf } from '../../base/caught.js';
import { p2pError, type P2PError } from '../../wire/protocol/errors.js';

/**
 * The data directory: the node's identity key (mode 0600, in a 0700 folder) and
 * the keys pinned for peers on first use. The only file touching the disk.
 */
const KEY_FILE = 'identity.key';
const PINS_FILE = 'known_peers.json';
const LOCK_FILE = 'lock';

/*
 * Besides main.ts, adapters alone may touch `process`: this one asks it for our pid
 * (written in the lock), whether another pid still runs (signal 0), and our uid
 * (the folder must be ours). It is I/O like the files, so it stays at this edge.
 */
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
export function lockDataDir(dir: string): E.Either<P2PError, { release(): void }> {
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
      if (codeOf(e) !== 'EEXIST') return E.left(p2pError('DATA_DIR_FAILED', `data directory ${dir}: ${messageOf(e)}`));
      const pid = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
        return E.left(
          p2pError(
            'DATA_DIR_IN_USE',
            `data directory ${dir} is in use by another p2p-chat node (pid ${pid}); give each node its own --data-dir`,
          ),
        );
      }
      unlinkSync(file); // left by a node that crashed
    }
  }
  return E.left(p2pError('DATA_DIR_FAILED', `data directory ${dir}: could not take the lock`));
}

/**
 * mkdir -p, one level at a time. Node's recursive mkdir spins forever where a
 * parent refuses new entries with ENOENT (/proc, some FUSE mounts); this says
 * which folder could not be made, and why.
 */
function makeDirs(dir: string): E.Either<P2PError, void> {
  const missing: string[] = [];
  for (let d = path.resolve(dir); !existsSync(d); d = path.dirname(d)) {
    missing.unshift(d);
    if (path.dirname(d) === d) break;
  }
  for (const d of missing) {
    try {
      mkdirSync(d, { mode: 0o700 });
    } catch (e) {
      return E.left(
        p2pError('DATA_DIR_FAILED', `data directory ${dir}: cannot create ${d} (${codeOf(e) ?? messageOf(e)}); choose another --data-dir`),
      );
    }
  }
  return E.right(undefined);
}

/** `created`: the identity key was made just now (a first start in this data dir), at `keyPath`. */
export function openDataDir(dir: string): E.Either<P2PError, { identity: Identity; trust: TrustStore; created: boolean; keyPath: string }> {
  const made = makeDirs(dir);
  if (E.isLeft(made)) return made;
  try {
    // Someone else who can write here could swap the key or the pins: refuse, as for the key file.
    const folder = statSync(dir);
    if ((folder.mode & 0o022) !== 0)
      return E.left(
        p2pError('DATA_DIR_UNSAFE', `${dir} is writable by others (mode ${(folder.mode & 0o777).toString(8)}); run: chmod 700 ${dir}`),
      );
    const uid = process.getuid?.();
    if (uid !== undefined && folder.uid !== uid)
      return E.left(p2pError('DATA_DIR_UNSAFE', `${dir} belongs to another user (uid ${folder.uid}); use a data dir of your own`));
    const keyPath = path.join(dir, KEY_FILE);
    let seed: Buffer;
    let created = false;
    try {
      const mode = statSync(keyPath).mode & 0o777;
      if ((mode & 0o077) !== 0) {
        return E.left(
          p2pError('DATA_DIR_UNSAFE', `${keyPath} is readable by others (mode ${mode.toString(8)}); run: chmod 600 ${keyPath}`),
        );
      }
      seed = Buffer.from(readFileSync(keyPath, 'utf8').trim(), 'base64');
      if (seed.byteLength !== SEED_BYTES) return E.left(p2pError('DATA_DIR_FAILED', `${keyPath} is not a p2p-chat identity key`));
    } catch (e) {
      if (codeOf(e) !== 'ENOENT') throw e;
      seed = randomBytes(SEED_BYTES);
      created = true;
      writeFileSync(keyPath, `${seed.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
      chmodSync(keyPath, 0o600); // the umask may have narrowed it further, never widened: make it exact
    }
    const trust = fileTrustStore(path.join(dir, PINS_FILE));
    if (E.isLeft(trust)) return trust;
    return E.right({ identity: identityFromSeed(seed), trust: trust.right, created, keyPath });
  } catch (e) {
    return E.left(p2pError('DATA_DIR_FAILED', `data directory ${dir}: ${messageOf(e)}`));
  }
}

const Pins = t.record(t.string, t.string);

/**
 * name → base64url public key; written whole to a fresh temp file (created
 * exclusively, never through a link) and renamed into place, so a crash never
 * leaves half a file. A pin file that does not read stops the node: reading it
 * as empty would silently unpin everyone at the next write.
 */
export function fileTrustStore(file: string): E.Either<P2PError, TrustStore> {
  const read = readJsonFile(file, Pins);
  if (E.isLeft(read))
    return E.left(
      p2pError('DATA_DIR_FAILED', `${file} is not a pin file (${read.left}); fix it or move it aside (every pin in it would be lost)`),
    );
  return E.right(trustStore(read.right ?? {}, (pins) => writeWhole(file, `${JSON.stringify(pins, null, 2)}\n`)));
}
