import { absurd } from 'fp-ts/lib/function.js';
import type { NodeEvent, PeerView } from '../../machines/index.js';
import { trustReply, type FileAct, type Output, type Query, type Reaction, type Stats } from '../console/index.js';
import type { Link, RoomsPort, TrustStore } from '../wire/ports/index.js';

/** What carrying out a command needs: the machines, the screen, and the parts of the core that answer. */
export interface CommandDeps {
  readonly now: () => number;
  readonly show: (o: Output) => void;
  /** Hands an event to the node machine. */
  readonly tell: (e: NodeEvent) => void;
  /** The node's away text, as the machine holds it. */
  readonly away: () => string | null;
  readonly links: () => Iterable<Link>;
  readonly peers: () => readonly PeerView[];
  readonly stats: () => Stats;
  /** `/doctor`: the findings come now, or once the system has answered (doctor-requests.ts). */
  readonly doctor: () => void;
  readonly trust: Pick<TrustStore, 'accept'>;
  readonly answer: (q: Query) => void;
  readonly file: (f: FileAct) => void;
  readonly rooms?: Pick<RoomsPort, 'act'>;
  /** `/nick` live: beacons and new links go out under the new name (a replay sends nothing). */
  readonly rename?: (name: string) => void;
  readonly quit: () => void;
}

/**
 * A typed line's reaction, carried out: what it shows comes first, then what it
 * sends or asks. One case per kind; a kind without one does not compile.
 */
export function commandEffects(deps: CommandDeps): (r: Reaction) => void {
  const { show } = deps;
  return (r) => {
    switch (r.kind) {
      case 'show':
        return r.show.forEach(show);
      case 'chat':
        show(r.own);
        return deps.tell(r.send);
      case 'away': {
        show(r.note);
        deps.tell({ type: 'SET_AWAY', away: r.away, at: deps.now() });
        // Every peer linked now is told; one linked later is told on its new link (node-effects.ts).
        const away = deps.away();
        for (const link of deps.links()) link.send({ type: 'Status', body: { away } });
        return;
      }
      case 'nick':
        show(r.note);
        deps.tell({ type: 'RENAME', name: r.name, at: deps.now() });
        return deps.rename?.(r.name);
      case 'stats':
        return show({ type: 'stats', stats: deps.stats() });
      case 'doctor':
        return deps.doctor();
      case 'trust':
        return trustReply(deps.trust.accept(r.name, r.prefix), deps.peers()).forEach(show);
      case 'query':
        return deps.answer(r.query);
      case 'file':
        return deps.file(r.file);
      case 'room': {
        const answer = deps.rooms?.act(r.room) ?? {
          kind: 'error',
          error: { code: 'BAD_COMMAND', message: 'rooms are not open in a replay' },
        };
        show({ type: 'room', answer });
        // A room is a secret channel: joined, its members are talked to; left, nothing of it
        // reaches us, and a link that only the room brought is closed (/leave really leaves).
        if (answer.kind === 'joined')
          deps.tell({ type: 'JOIN', channel: answer.channel, name: answer.name, kind: 'secret', at: deps.now() });
        if (answer.kind === 'left') {
          deps.tell({ type: 'PART', channel: answer.channel, at: deps.now() });
          const roomOnly = new Set(
            deps
              .peers()
              .filter((p) => p.via?.startsWith('room') === true && (p.channels ?? []).every((c) => c === answer.channel))
              .map((p) => p.id),
          );
          for (const link of deps.links()) if (roomOnly.has(link.hello.id)) void link.close();
        }
        return;
      }
      case 'tell':
        return deps.tell(r.event);
      case 'quit':
        return deps.quit();
      default:
        return absurd(r);
    }
  };
}
