/**
 * Every limit the node enforces, in one place (README "Limits" mirrors this table).
 * Values are bytes unless the name says otherwise.
 */
export const LIMITS = {
  /** The original nodes read at most this much per datagram and per one-shot TCP message. */
  legacyMessageBytes: 1024,
  /** Our beacons stay valid original Discovery datagrams, so they share the original's cap. */
  datagramBytes: 1024,
  /** Largest frame on a native link (header excluded). */
  frameBytes: 128 * 1024,
  /**
   * Largest encrypted message a Noise link may announce: one frame (header included)
   * plus the 17-byte secretstream tag. secret-stream would otherwise buffer up to 16 MiB.
   */
  sealedMessageBytes: 128 * 1024 + 4 + 17,
  /** Names one key may hold pinned; a key squatting more is refused. */
  namesPerKey: 4,
  /** A verified id may change its name at most once per this long, ms. */
  nameChangeMs: 60_000,
  /** Signature checks of beacons from ids not yet verified: a burst, then a steady rate, for the whole node. */
  newBeaconChecksBurst: 256,
  newBeaconChecksPerSecond: 128,
  /** Other keys remembered per pinned name for /trust (each shown once); more are refused unremembered. */
  refusedKeysPerName: 8,
  /** Frames of any type one link may send: a burst, then a steady rate (chats are paced by the window first). */
  linkFrameBurst: 8192,
  linkFramesPerSecond: 8192,
  /** Control frames (ping, pong, heartbeat, have, exit) one link may send: a burst, then a steady rate. */
  controlFrameBurst: 64,
  controlFramesPerSecond: 64,
  /** Frames over budget, in a row, after which the link is cut. */
  framesDroppedBeforeCut: 1024,
  /** A link's dropped frames are forgotten after this long without a drop. */
  dropsForgivenAfterMs: 1000,
  /** Frames and bytes held for a link nobody listens to yet; a peer racing past this is cut off. */
  earlyFrames: 256,
  earlyBytes: 1024 * 1024,
  /** Largest chat content a user may send or a peer may deliver, UTF-8 bytes. */
  contentBytes: 64 * 1024,
  /** Longest display name, in characters. */
  nameChars: 64,
  /** JSON nesting a message may have; ours never exceeds 3. */
  jsonDepth: 16,
  /** Peers kept in the table; further unknown peers are refused. */
  peers: 256,
  /** Of those, at most this many from one source address (half: every node on one host shares 127.0.0.1). */
  peersPerSource: 128,
  /** A node tells its links its own link set at most this often (the `Links` frame, for the mesh drawing). */
  linksIntervalMs: 1_000,
  /**
   * Datagrams accepted per source address: a burst, then a steady rate. Generous,
   * because every node on one host shares 127.0.0.1, and a node's beacons are one
   * per interval plus at most four a second when newcomers appear.
   */
  datagramBurst: 64,
  datagramsPerSecond: 32,
  /** Source addresses remembered by the rate limiter (least recent forgotten first). */
  rateLimitedSources: 1024,
  /** Inbound connections accepted per source address: a burst, then a steady rate. */
  connectionBurst: 32,
  connectionsPerSecond: 8,
  /** Handshakes in progress at once; more connections are refused until some finish. */
  pendingHandshakes: 64,
  /** Raw bytes a connection may send before proving its key (Noise XX needs < 300). */
  unauthenticatedBytes: 4096,
  /** Chats accepted per peer per second (burst twice that); the excess is dropped with one warning. `--chat-rate`. */
  chatsPerSecond: 32,
  /** A signed beacon older or newer than this (by its own timestamp) is refused, ms. */
  beaconSkewMs: 30_000,
  /** Dials allowed in flight at once; the rest wait their turn. */
  pendingDials: 32,
  /** Time an inbound connection has to send its preface and hello, ms. */
  handshakeMs: 5_000,
  /** Time a dial may take before it is abandoned, ms. */
  connectTimeoutMs: 3_000,
  /** Bytes queued on one link before it is treated as dead (a peer not reading). */
  linkBacklogBytes: 4 * 1024 * 1024,
  /** Extra beacons after the first at start-up, ms after start. */
  startupBeaconsMs: [250, 1000],
  /** Minimum spacing of the extra beacons sent on meeting a new peer, ms. */
  rebeaconMs: 250,
  /** A link closed by the machines (replaced, refused, gone) is read to its end for at most this long, ms. */
  linkDrainMs: 10_000,
  /** The larger id of a pair waits this long for the smaller to dial first, ms. */
  dialYieldMs: 300,
  /** Chats a sender may have on a link without an ack (its window); a receiver drops chats beyond twice this. */
  chatWindow: 64,
  /** Ids one Ack may carry. */
  ackIds: 512,
  /** Own messages kept waiting for one recipient; the oldest expire first when more are queued. */
  outboxPerPeer: 10_000,
  /** Authors one Have may list. */
  haveAuthors: 1024,
  /** Room messages passed on in one catch-up, per link, and their bytes: the rest waits for the next meeting. */
  catchUpMessages: 2000,
  catchUpBytes: 2 * 1024 * 1024,
  /** A recording covers at most this long after its start, ms; a record stamped later is refused (a replay runs every timer up to it). */
  recordingSpanMs: 31 * 86_400_000,
  /** Lines `/history` and `/search` show at most. */
  historyLines: 200,
  /** Redial backoff after a lost link, ms. */
  redialMinMs: 250,
  redialMaxMs: 5_000,
  /** Dials to a peer never linked before the node waits for it to dial instead. */
  dialAttemptsUnproven: 4,
  /** Dials to one address:port (a burst, then a steady rate per second), whatever ids claim it. */
  dialsPerDestinationBurst: 4,
  dialsPerDestinationPerSecond: 0.2,
  /** Dials to one address, all ports (many nodes may share one host). */
  dialsPerAddressBurst: 128,
  dialsPerAddressPerSecond: 16,
  /** Files (issue 13). A transfer's whole size, its files and one received path; more is refused before anything is written. */
  transferBytes: 2 ** 40,
  transferFiles: 1000,
  pathBytes: 1024,
  pathSegmentBytes: 255,
  pathDepth: 32,
  /** Bytes one piece (the unit of the hash list) holds at least; it doubles until the offer lists at most `transferPieces` hashes. */
  pieceBytes: 1024 * 1024,
  transferPieces: 1536,
  /** Bytes one chunk frame carries: a frame's worth less room for its header (fewer, larger frames cost less per byte). */
  chunkBytes: 127 * 1024,
  /** Bytes one Want may ask for (within one piece), and bytes a receiver has asked for and not yet written (its window). */
  wantBytes: 1024 * 1024,
  transferWindowBytes: 4 * 1024 * 1024,
  /** Offers from one peer waiting for an answer; more are refused, so nobody can bury the screen in offers. */
  offersPerPeer: 8,
  /** A piece that fails its hash this many times fails the transfer (a sender sending garbage). */
  pieceRetries: 5,
  /** Progress of one transfer is shown at most this often, ms. */
  transferProgressMs: 250,
  /** Inbound connections one source address may have waiting for a handshake at once. */
  pendingHandshakesPerSource: 8,
  /** Channels (issue 23): a channel id's bytes with its sigil (`#` + 32, or `~` + 32 hex). */
  channelBytes: 33,
  /** Channels one node may be in at once, `#lan` included. */
  channelsJoined: 32,
  /** Entries of each list (LAN channels, secret proofs) one `Channels` frame may carry. */
  channelsPerFrame: 32,
} as const;

export type Limits = typeof LIMITS;

/** Version of our native protocol, carried in beacons and hellos. */
export const PROTOCOL_VERSION = 3;
