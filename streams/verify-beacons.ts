import * as E from 'fp-ts/lib/Either.js';
import { Observable } from 'rxjs';
import type { ErrorView, NodeEvent } from '../machines/events.js';
import { verifyBeacon } from '../src/wire/identity/beacon-signature.js';
import { fingerprintOf } from '../src/wire/identity/identity.js';
import { looksLikeId, nameKey } from '../src/wire/identity/name-key.js';
import { errorView } from '../machines/error-view.js';
import { LIMITS } from '../src/wire/protocol/limits.js';
import type { TrustStore } from '../src/wire/ports/index.js';
import { dropOldest } from '../src/base/caught.js';
import { TokenBuckets } from '../src/base/token-buckets.js';

export interface VerifyOptions {
  readonly now: () => number;
  readonly trust: Pick<TrustStore, 'check' | 'isPinned'>;
  /** Signed-beacon ids remembered for replay checks (least recent forgotten first). */
  readonly maxRemembered?: number;
}

type Out = NodeEvent | ErrorView;

/**
 * Beacons are believed only after this. A signed beacon must prove its key and
 * id, be fresh (its timestamp within the allowed skew), be newer than the last
 * one from that id (a replay is dropped; an old one is reported), and its name
 * must not belong to another pinned key. An unsigned (original) beacon may not
 * use the id or the pinned name of a verified peer. Other events pass untouched.
 */
export function verifyBeacons(opts: VerifyOptions) {
  const max = opts.maxRemembered ?? 4096;
  return (source: Observable<Out>): Observable<Out> =>
    new Observable<Out>((sub) => {
      const last = new Map<string, { ts: number; ctr: number; name: string; renamedAt: number }>();
      // Checking a signature costs CPU: ids not verified yet share one budget, so a
      // flood of throwaway keys cannot crowd out the peers already known.
      const newChecks = new TokenBuckets({
        burst: LIMITS.newBeaconChecksBurst,
        perSecond: LIMITS.newBeaconChecksPerSecond,
        maxKeys: 1,
      });
      const remember = (id: string, v: { ts: number; ctr: number; name: string; renamedAt: number }) => {
        last.delete(id);
        last.set(id, v);
        if (last.size > max) dropOldest(last);
      };
      return source.subscribe({
        next: (e) => {
          if (e.type !== 'BEACON') return sub.next(e);
          const d = e.discovery;
          if (looksLikeId(d.name))
            return sub.next(
              errorView('NAME_LIKE_ID', `a beacon from ${e.address} is named like a peer id ("${d.name}"); refused`, e.address),
            );
          if (e.legacy) {
            if (last.has(d.id) || opts.trust.isPinned(d.name)) {
              return sub.next(
                errorView(
                  'LEGACY_IMPERSONATION',
                  `an unsigned beacon from ${e.address} claims ${last.has(d.id) ? `the id of verified peer ${d.id}` : `the pinned name "${d.name}"`}; refused`,
                  e.address,
                ),
              );
            }
            return sub.next(e);
          }
          const prev = last.get(d.id);
          if (prev === undefined) {
            const take = newChecks.take('all', opts.now());
            if (take !== 'pass')
              return take === 'first-drop'
                ? sub.next(
                    errorView(
                      'RATE_LIMITED',
                      `too many beacons from new keys; checking at most ${LIMITS.newBeaconChecksPerSecond}/s`,
                      'new-keys',
                    ),
                  )
                : undefined;
          }
          const proven = verifyBeacon(d);
          if (E.isLeft(proven)) return sub.next(errorView(proven.left.code, `${proven.left.message} (from ${e.address})`, e.address));
          const { ts, ctr, keyText } = proven.right;
          if (Math.abs(opts.now() - ts) > LIMITS.beaconSkewMs) {
            return sub.next(
              errorView(
                'STALE_BEACON',
                `beacon for ${d.name} (${d.id.slice(0, 8)}) from ${e.address} is ${Math.round((opts.now() - ts) / 1000)} s off; refused`,
                e.address,
              ),
            );
          }
          if (prev && !(ts > prev.ts || (ts === prev.ts && ctr > prev.ctr))) {
            // Same round seen again (two broadcast paths, reordering): drop quietly. Older: a replay.
            return ts < prev.ts
              ? sub.next(
                  errorView(
                    'REPLAYED_BEACON',
                    `an old beacon of ${d.name} (${d.id.slice(0, 8)}) was replayed from ${e.address}; refused`,
                    e.address,
                  ),
                )
              : undefined;
          }
          const verdict = opts.trust.check(d.name, keyText);
          // A key already warned about is dropped quietly: one warning per key, not one every 10 s.
          if (verdict === 'still-refused') return;
          if (verdict === 'changed') {
            return sub.next(
              errorView(
                'KEY_CHANGED',
                `WARNING: "${d.name}" now has another key (fingerprint ${fingerprintOf(proven.right.key)}), not the one pinned. Refused. If ${d.name} really has a new key, type /trust ${d.name}`,
                // Per refused key: each distinct key claiming the name is shown (once per 10 s), not only the first.
                `key:${nameKey(d.name)}:${keyText}`,
              ),
            );
          }
          let renamedAt = prev?.renamedAt ?? -Infinity;
          if (prev && nameKey(prev.name) !== nameKey(d.name)) {
            // One key squatting many names: a rename is believed at most once a minute.
            if (opts.now() - prev.renamedAt < LIMITS.nameChangeMs)
              return sub.next(
                errorView(
                  'RATE_LIMITED',
                  `${prev.name} (${d.id.slice(0, 8)}) renames itself too often; "${d.name}" refused for now`,
                  `rename:${d.id}`,
                ),
              );
            renamedAt = opts.now();
          }
          remember(d.id, { ts, ctr, name: d.name, renamedAt });
          sub.next({ ...e, fingerprint: fingerprintOf(proven.right.key) });
        },
        error: (err) => sub.error(err),
        complete: () => sub.complete(),
      });
    });
}
