import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Subject } from 'rxjs';
import { inviteCode, newRoom, parseInvite, type Room } from '../wire/identity/room.js';
import { messageOf } from '../base/caught.js';
import type { P2PError } from '../wire/protocol/errors.js';
import type { Link, RoomCommand, RoomsPort } from '../wire/ports.js';
import { openRoomSwarm, type RoomSwarm, type RoomSwarmOptions } from './room-swarm.js';
import { writeWhole } from './write-whole.js';

const RoomsFile = t.record(t.string, t.string);

/**
 * The rooms this node knows (`rooms.json` in the data dir, 0600: name → secret)
 * and the swarm, opened at the first join, so a node without rooms never
 * contacts anything beyond its LAN.
 */
export function openRooms(file: string, swarmOptions: RoomSwarmOptions): RoomsPort {
  const links$ = new Subject<Link>();
  const errors$ = new Subject<P2PError>();
  let swarm: RoomSwarm | null = null;
  const joined = new Map<string, Room>();
  const known = (): Record<string, string> => {
    try {
      const r = RoomsFile.decode(JSON.parse(readFileSync(file, 'utf8')));
      return E.isRight(r) ? r.right : {};
    } catch {
      return {};
    }
  };
  const keep = (room: Room) =>
    writeWhole(file, `${JSON.stringify({ ...known(), [room.name]: room.key.toString('base64url') }, null, 2)}\n`);
  const open = (): RoomSwarm => {
    if (swarm) return swarm;
    const s = openRoomSwarm(swarmOptions);
    s.links$.subscribe((l) => links$.next(l));
    s.errors$.subscribe((e) => errors$.next(e));
    swarm = s;
    return s;
  };
  /** A code joins that room; a known name its room; a new name makes a room. */
  const resolve = (arg: string): E.Either<P2PError, { room: Room; made: boolean }> => {
    const invited = parseInvite(arg);
    if (invited) return E.right({ room: invited, made: false });
    const secret = known()[arg];
    if (secret !== undefined) return E.right({ room: { name: arg, key: Buffer.from(secret, 'base64url') }, made: false });
    return E.map((room: Room) => ({ room, made: true }))(newRoom(arg, randomBytes(32)));
  };
  const act = (c: RoomCommand) => {
    if (c.kind === 'rooms')
      return { kind: 'rooms' as const, rooms: [...joined.values()].map((r) => ({ name: r.name, invite: inviteCode(r) })) };
    const found =
      c.kind === 'join'
        ? resolve(c.arg)
        : E.fromNullable({ code: 'UNKNOWN_PEER' as const, message: `not in a room named ${c.arg}` })(joined.get(c.arg) ?? null);
    if (E.isLeft(found)) return { kind: 'error' as const, error: found.left };
    const room = 'room' in found.right ? found.right.room : found.right;
    if (c.kind === 'invite') return { kind: 'invite' as const, name: room.name, invite: inviteCode(room) };
    if (c.kind === 'leave') {
      joined.delete(room.name);
      void swarm?.leave(room);
      return { kind: 'left' as const, name: room.name };
    }
    keep(room);
    joined.set(room.name, room);
    open()
      .join(room)
      .catch((e: unknown) => errors$.next({ code: 'CONNECT_FAILED', message: `room ${room.name}: ${messageOf(e)}` }));
    return { kind: 'joined' as const, name: room.name, invite: inviteCode(room), made: 'made' in found.right && found.right.made };
  };
  return {
    links$: links$.asObservable(),
    errors$: errors$.asObservable(),
    act,
    health: () => ({ rooms: [...joined.keys()], nodes: swarm?.nodes() ?? 0, bootstrap: swarmOptions.bootstrap }),
    async close() {
      links$.complete();
      errors$.complete();
      await swarm?.close();
    },
  };
}
