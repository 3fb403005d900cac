export { nodeMachine } from './node.machine.js';
export type { NodeInput, NodeContext, PeerRef } from './node-context.js';
export { peerMachine, keepsCurrentLink } from './peer.machine.js';
export { peerView, type PeerInput, type PeerContext, type PeerEvent, type EmitEvent } from './peer-context.js';
export type {
  Effect,
  Emitted,
  ViewEvent,
  NodeEvent,
  PeerState,
  PeerTiming,
  PeerView,
  ChatView,
  GoneReason,
  DeliveryState,
  DeliveryView,
  Recipient,
  ErrorView,
} from './events.js';
export { errorView, ownErrorView } from './error-view.js';
export { outboxMachine, type OutboxInput, type OutboxContext, type OutboxEvent } from './outbox.machine.js';
export { ChatQueue, type Queued } from './chat-queue.js';
export { transfersMachine, type TransfersInput, type TransferRef } from './transfers.machine.js';
export { transferMachine } from './transfer.machine.js';
export type { TransferInput, TransferContext } from './transfer-context.js';
export type { TransferView, TransferState, TransferEvent, TransferEffect, TransferEmitted } from './transfer-events.js';
