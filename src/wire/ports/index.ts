/**
 * The ports the node's core talks through. Adapters implement them with real
 * sockets; specs implement them in memory. Nothing outside src/adapters opens a
 * socket or reads the wall clock.
 */
export type { Datagram, DatagramPort } from './datagram-port.js';
export type { LegacyDelivery, Link, LinkDirection, LinkTransport } from './link.js';
export type { RoomAnswer, RoomCommand, RoomsPort } from './rooms-port.js';
export type { TerminalPort } from './terminal-port.js';
export type { TrustAnswer, TrustStore, TrustVerdict } from './trust-port.js';
export type { CatchUpScope, KnownPeer, MessageStore, NewChat, PendingChat, StoredChat } from './message-store.js';
export type { ChunkSink, FilesPort } from './files-port.js';
export type { BeaconHealth, RoomHealth, SystemFacts } from './system-facts.js';
export type { StoredTransfer, TransferDirection, TransferPhase } from './stored-transfer.js';
export type { FileResult } from './file-result.js';
