import type Database from 'better-sqlite3';

/** `#lan` is every peer's from the moment this node met it (peers.first_seen): never a peer_channels row. */
export const LAN = '#lan';

/** What an announcement of `channels` at `at` makes of a peer's channels `before` (channel → since). */
export const announced = (before: Readonly<Record<string, number>>, channels: readonly string[], at: number): Record<string, number> =>
  Object.fromEntries(channels.filter((c) => c !== LAN).map((c) => [c, before[c] ?? at]));

/**
 * Who is in which channel, as this node observed it, on the store's tables.
 * `note` is one statement set, for the store's per-turn transaction.
 */
export function membershipTable(db: Database.Database) {
  const st = {
    rows: db.prepare<[string], { channel: string; since: number }>('SELECT channel, since FROM peer_channels WHERE peer_id = ?'),
    firstSeen: db.prepare<[string], { first: number }>('SELECT COALESCE(first_seen, last_seen) AS first FROM peers WHERE id = ?'),
    // The list travels as one JSON array, so an announcement of any length is the same two statements.
    left: db.prepare<[string, string]>('DELETE FROM peer_channels WHERE peer_id = ? AND channel NOT IN (SELECT value FROM json_each(?))'),
    joined: db.prepare<[string, number, string, string]>(
      'INSERT OR IGNORE INTO peer_channels (peer_id, channel, since) SELECT ?, value, ? FROM json_each(?) WHERE value <> ?',
    ),
  };
  return {
    /** The channels other than `#lan` with their start, as committed. */
    channels: (peerId: string): Record<string, number> => Object.fromEntries(st.rows.all(peerId).map((r) => [r.channel, r.since])),
    /** When the peer was first met, if it has been (committed). */
    firstSeen: (peerId: string): number | undefined => st.firstSeen.get(peerId)?.first,
    note: (peerId: string, channels: readonly string[], at: number) => {
      const list = JSON.stringify(channels);
      st.left.run(peerId, list);
      st.joined.run(peerId, at, list, LAN);
    },
  };
}
