import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { ChannelId, LAN_CHANNEL } from '../../wire/protocol/channel-id.js';
import { readJsonFile } from './json-file.js';
import { writeWhole } from './write-whole.js';

/** The channels a node is in, besides `#lan`, as `channels.json` keeps them. */
export const JoinedFile = t.array(t.type({ id: ChannelId, name: t.string, kind: t.keyof({ lan: null, secret: null }), since: t.number }));
export type JoinedList = t.TypeOf<typeof JoinedFile>;

/**
 * The channels `/join`ed, in the data dir (`channels.json`, 0600), so a node is in
 * them again after a restart, as a person expects of a messenger. A file that does
 * not read is no channel at all, said once: being in fewer than asked is the safe side
 * (nothing of a channel reaches a node that is not in it), and the file is kept as it is
 * until the next /join or /part writes it anew.
 */
export function channelsFile(file: string, warn: (text: string) => void): { load(): JoinedList; save(list: JoinedList): void } {
  return {
    load() {
      const read = readJsonFile(file, JoinedFile);
      if (E.isRight(read)) return read.right ?? [];
      warn(`${read.left}; in #lan only until you /join again`);
      return [];
    },
    save: (list) => writeWhole(file, `${JSON.stringify(list, null, 2)}\n`),
  };
}

/** What is kept of the node's channels: its LAN channels but `#lan` (every node is in it); a room's is joined again by its room. */
export function joinedList(
  joined: Readonly<Record<string, { readonly name: string; readonly kind: 'lan' | 'secret'; readonly since: number }>>,
): JoinedList {
  return Object.entries(joined).flatMap(([id, c]) =>
    id !== LAN_CHANNEL && c.kind === 'lan' && ChannelId.is(id) ? [{ id, name: c.name, kind: c.kind, since: c.since }] : [],
  );
}
