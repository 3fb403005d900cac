import * as E from 'fp-ts/lib/Either.js';
import { filter, map, merge, Observable, share, Subscription, type SchedulerLike } from 'rxjs';
import { createActor, type InspectionEvent } from 'xstate';
import { ownErrorView, transfersMachine, type TransferEmitted, type TransferEvent, type TransferView } from '../../machines/index.js';
import { schedulerClock, transferEmitted$, transferProgress, transfersOf } from '../../streams/index.js';
import type { FileAct, Output } from '../console/index.js';
import { p2pError } from '../wire/protocol/errors.js';
import { offerWithId } from '../wire/protocol/files.js';
import { LIMITS } from '../wire/protocol/limits.js';
import type { FileResult, FilesPort, Link, MessageStore } from '../wire/ports/index.js';

/**
 * The files' part of the core (issue 13): the transfers' supervisor, fed by
 * the links' transfer frames, the disk's results and the user's commands; its
 * effects go to the disk and the links, its news to the screen (progress at
 * most four times a second) and to the store (each state and each verified
 * piece, so a restart resumes where it stood).
 */
export interface TransferCoreDeps {
  readonly files: FilesPort;
  readonly store: Pick<MessageStore, 'transfers' | 'saveTransfer'>;
  readonly scheduler: SchedulerLike;
  readonly newId: () => string;
  readonly link: (id: string) => Link | undefined;
  readonly show: (o: Output) => void;
  /** Offer, FileControl, Want and chunk frames from every link, as events. */
  readonly fromLinks$: Observable<TransferEvent>;
  /** Each peer's usable link as the node supervisor decides it (its `link` effect). */
  readonly peerLinks$: Observable<{ readonly peerId: string; readonly name: string; readonly linkId: string | null }>;
  /** The inspector and the page watch the transfer machines too. */
  readonly inspect?: (event: InspectionEvent) => void;
}

export interface TransferCore {
  /** The transfers' frames to send (offers, answers, wants): written by the core's one fan-out, as chats are. */
  readonly sends$: Observable<Extract<TransferEmitted, { type: 'send' }>>;
  start(): void;
  stop(): void;
  list(): TransferView[];
  /** A typed line's file command: a path to offer (hashed first), or an event for a transfer. */
  act(file: FileAct): void;
}

export function transferCore(deps: TransferCoreDeps): TransferCore {
  const { scheduler, files } = deps;
  const now = () => scheduler.now();
  const actor = createActor(transfersMachine, {
    id: 'transfers',
    clock: schedulerClock(scheduler),
    ...(deps.inspect ? { inspect: deps.inspect } : {}),
    input: {
      window: LIMITS.transferWindowBytes,
      wantBytes: LIMITS.wantBytes,
      retries: LIMITS.pieceRetries,
      offersPerPeer: LIMITS.offersPerPeer,
      restore: deps.store.transfers(),
      at: now(),
    },
  });
  const emitted = transferEmitted$(actor).pipe(share());
  /** `/send` requests being hashed, and to whom each goes once it is. */
  const preparing = new Map<string, readonly { readonly id: string; readonly name: string }[]>();

  const prepared = (r: Extract<FileResult, { type: 'PREPARED' }>) => {
    const to = preparing.get(r.request) ?? [];
    preparing.delete(r.request);
    if (r.error !== null || r.offer === null)
      return deps.show(ownErrorView(r.error?.code ?? 'TRANSFER_FAILED', r.error?.message ?? 'no offer'));
    if (r.skipped > 0)
      deps.show({ type: 'note', id: 'send', text: `${r.skipped} links or special files in ${r.source} left out (never followed)` });
    for (const peer of to) {
      const offer = offerWithId(r.offer, deps.newId());
      if (offer) actor.send({ type: 'OFFER_OUT', peerId: peer.id, peerName: peer.name, offer, source: r.source, at: now() });
    }
  };

  const effect = (e: TransferEmitted) => {
    switch (e.type) {
      case 'send':
        return; // sends$: the core's fan-out writes them
      case 'fileOpen':
        return files.open(e);
      case 'fileWrite':
        return files.write(e.id, e.pass, e.offset, e.bytes, e.data);
      case 'fileCheck':
        return files.check(e.id, e.pass, e.piece);
      case 'fileFinish':
        return files.finish(e.id);
      case 'fileServe':
        return files.serve(e.id, e.offset, e.bytes, {
          send: (chunk) =>
            deps.link(e.linkId)?.send({ type: 'FileChunk', body: chunk }) ?? E.left(p2pError('LINK_CLOSED', 'link is closed')),
          drained: (low) => deps.link(e.linkId)?.drained?.(low) ?? Promise.resolve(),
        });
      case 'fileDrop':
        return files.drop(e.id, e.keepData);
      case 'transfer':
        return deps.store.saveTransfer(e.record);
      case 'error':
        return deps.show(e);
    }
  };

  const subs = new Subscription();
  return {
    sends$: emitted.pipe(filter((e): e is Extract<TransferEmitted, { type: 'send' }> => e.type === 'send')),
    start() {
      subs.add(emitted.subscribe(effect));
      subs.add(
        emitted
          .pipe(
            filter((e): e is Extract<TransferEmitted, { type: 'transfer' }> => e.type === 'transfer'),
            map((e) => e.transfer),
            transferProgress(LIMITS.transferProgressMs, scheduler),
          )
          .subscribe((o) => deps.show(o)),
      );
      subs.add(
        merge(
          deps.fromLinks$,
          deps.peerLinks$.pipe(
            map((l): TransferEvent => ({ type: 'PEER_LINK', peerId: l.peerId, name: l.name, linkId: l.linkId, at: now() })),
          ),
        ).subscribe((e) => actor.send(e)),
      );
      subs.add(files.results$.subscribe((r) => (r.type === 'PREPARED' ? prepared(r) : actor.send({ ...r, at: now() }))));
      actor.start();
    },
    stop() {
      subs.unsubscribe();
      actor.stop();
    },
    list: () => transfersOf(actor),
    act(file) {
      if (file.kind === 'event') return actor.send(file.event);
      const request = deps.newId();
      preparing.set(request, file.to);
      deps.show({ type: 'note', id: 'send', text: `reading ${file.path} to offer it (every byte is hashed first)` });
      files.prepare(request, file.path, request);
    },
  };
}
