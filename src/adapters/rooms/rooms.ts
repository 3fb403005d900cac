import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { randomBytes } from 'node:crypto';
import { Subject } from 'rxjs';
import { inviteCode, newRoom, parseInvite, type Room } from '../../wire/identity/room.js';
import { channelIdOfSecret, membershipProof, provenChannels } from '../../wire/identity/channel-proof.js';
import { messageOf } from '../../base/caught.js';
import { p2pError, type P2PError } from '../../wire/protocol/errors.js';
import type { Link, RoomAnswer, RoomCommand, RoomsPort } from '../../wire/ports/index.js';
import { openRoomSwarm, type RoomSwarm, type RoomSwarmOptions } from './room-swarm.js';
import { writeWhole } from '../disk/write-whole.js';
import { readJsonFile } from '../disk/json-file.js';

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
  /** The rooms kept; a file that does not read is an error, never read as empty (a join would write over the secrets in it). */
  const kept = (): E.Either<P2PError, Record<string, string>> =>
    E.bimap(
      (why: string) => p2pError('BAD_COMMAND', `rooms.json does not read (${why}); fix it or move it aside (the rooms' secrets are in it)`),
      (r: Record<string, string> | null) => r ?? {},
    )(readJsonFile(file, RoomsFile));
  const open = (): RoomSwarm => {
    if (swarm) return swarm;
    const s = openRoomSwarm(swarmOptions);
    s.links$.subscribe((l) => links$.next(l));
    s.errors$.subscribe((e) => errors$.next(e));
    swarm = s;
    return s;
  };
  /** A code joins that room; a known name its room; a new name makes a room. */
  const resolve = (arg: string, stored: Record<string, string>): E.Either<P2PError, { room: Room; made: boolean }> => {
    const invited = parseInvite(arg);
    if (invited) return E.right({ room: invited, made: false });
    const secret = stored[arg];
    if (secret !== undefined) return E.right({ room: { name: arg, key: Buffer.from(secret, 'base64url') }, made: false });
    return E.map((room: Room) => ({ room, made: true }))(newRoom(arg, randomBytes(32)));
  };
  const act = (c: RoomCommand): RoomAnswer => {
    if (c.kind === 'rooms') return { kind: 'rooms', rooms: [...joined.values()].map((r) => ({ name: r.name, invite: inviteCode(r) })) };
    if (c.kind !== 'join') {
      const room = joined.get(c.arg);
      if (!room) return { kind: 'error', error: p2pError('UNKNOWN_PEER', `not in a room named ${c.arg}`) };
      if (c.kind === 'invite') return { kind: 'invite', name: room.name, invite: inviteCode(room) };
      joined.delete(room.name);
      void swarm?.leave(room);
      return { kind: 'left', name: room.name, channel: channelIdOfSecret(room.key) };
    }
    const stored = kept();
    if (E.isLeft(stored)) return { kind: 'error', error: stored.left };
    const found = resolve(c.arg, stored.right);
    if (E.isLeft(found)) return { kind: 'error', error: found.left };
    const { room, made } = found.right;
    writeWhole(file, `${JSON.stringify({ ...stored.right, [room.name]: room.key.toString('base64url') }, null, 2)}\n`);
    joined.set(room.name, room);
    open()
      .join(room)
      .catch((e: unknown) => errors$.next({ code: 'CONNECT_FAILED', message: `room ${room.name}: ${messageOf(e)}` }));
    return { kind: 'joined', name: room.name, invite: inviteCode(room), made, channel: channelIdOfSecret(room.key) };
  };
  const secrets = () => [...joined.values()].map((r) => ({ id: channelIdOfSecret(r.key), secret: r.key }));
  return {
    links$: links$.asObservable(),
    errors$: errors$.asObservable(),
    act,
    proofs: (selfId, receiverId) => [...joined.values()].map((r) => membershipProof(r.key, selfId, receiverId)),
    proven: (proofs, senderId, selfId) => provenChannels(proofs, secrets(), senderId, selfId),
    health: () => ({ rooms: [...joined.keys()], nodes: swarm?.nodes() ?? 0, bootstrap: swarmOptions.bootstrap }),
    async close() {
      links$.complete();
      errors$.complete();
      await swarm?.close();
    },
  };
}
