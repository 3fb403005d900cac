import type { LaidOutChart } from '../chart-layout.js';
import { isPrivateKey, LAN, markRead, privateKey, type Seen } from '../conversations.js';
import type { UiModel } from '../model.js';
import { drawChart, drawLog } from './chart-view.js';
import { wireChannelForm } from './channel-form.js';
import { drawChat } from './chat-view.js';
import { conversationList, drawConversations } from './conversations-view.js';
import { byId, el, fromNode, withToken } from './dom.js';
import { drawMesh } from './mesh-view.js';
import { drawPeers, drawStats } from './peers-view.js';
import { startReplay } from './timeline-view.js';
import { drawTransfers } from './transfers-view.js';

/**
 * The page: a client of the node (live) or a player of a recording (replay).
 * Either way it holds the latest model and draws all of it; a click on a
 * conversation shows it and makes it the box's target, a click on a peer
 * shows the private conversation with it and picks it for the inspector.
 */
interface PageState {
  model: UiModel | null;
  charts: Record<string, LaidOutChart>;
  /** The conversation shown and written to: a channel's id, or `@PEER-ID`. */
  shown: string;
  /** The channel shown last: where a second click on the shown peer goes back to. */
  channel: string;
  /** A channel this page asked to join: shown as soon as the node is in it. */
  awaiting: string | null;
  /** What this page has read, per conversation (unread counts are the reader's, not the node's). */
  seen: Seen;
  /** The last notice of the node's this page has done with (its seq). */
  dismissed: number;
  /** The actor whose chart and log are shown. */
  actor: string;
  reveal: boolean;
}
const ui: PageState = {
  model: null,
  charts: {},
  shown: LAN,
  channel: LAN,
  awaiting: null,
  seen: {},
  dismissed: 0,
  actor: 'node',
  reveal: false,
};

/** What the node refused of what its user did, until the page's next act. */
function drawNotice(m: UiModel): void {
  const n = m.notice !== null && m.notice.seq > ui.dismissed ? m.notice : null;
  byId('notice').textContent = n === null ? '' : `the node says: ${n.text}`;
}

/** The page acts again: an older refusal is no longer news. */
const dismiss = () => (ui.dismissed = ui.model?.notice?.seq ?? 0);
const mode = document.body.dataset['mode'] === 'replay' ? 'replay' : 'live';

function actorLabel(m: UiModel, id: string): string {
  if (id === 'node') return 'node (supervisor)';
  if (id === 'transfers') return 'transfers (supervisor)';
  const [kind, key = ''] = id.split(':', 2);
  // A transfer is named by what it moves; a peer's actors by the peer.
  const t = kind === 'transfer' ? m.transfers[key]?.view : undefined;
  if (t) return `transfer ${t.name} ${t.direction === 'incoming' ? 'from' : 'to'} ${m.peers[t.peerId]?.label || t.peerName}`;
  return `${kind} ${m.peers[key]?.label || key.slice(0, 8)}`;
}

function drawActorChoice(m: UiModel): void {
  const select = byId<HTMLSelectElement>('actor');
  const ids = Object.keys(m.actors).sort((a, b) => (a === 'node' ? -1 : b === 'node' ? 1 : a.localeCompare(b)));
  const shown = [...select.options].map((o) => `${o.value}=${o.text}`).join('|');
  if (shown !== ids.map((id) => `${id}=${actorLabel(m, id)}`).join('|')) {
    select.replaceChildren(...ids.map((id) => el('option', { value: id }, actorLabel(m, id))));
  }
  select.value = ui.actor;
}

/** Called when what the page looks at changes (actor, private content): the node sends only that actor's log. */
let refetch: () => void = () => undefined;

function lookAt(actor: string): void {
  if (actor === ui.actor) return;
  ui.actor = actor;
  refetch();
}

/** The peer of the private conversation shown, if one is. */
const shownPeer = (): string | null => (isPrivateKey(ui.shown) ? ui.shown.slice(1) : null);

/** Shows a conversation (and an actor): the node sends only its messages, so the page asks again, once for both. */
function showConversation(key: string, actor = ui.actor): void {
  if (key === ui.shown && actor === ui.actor) return;
  ui.shown = key;
  ui.actor = actor;
  if (!isPrivateKey(key)) ui.channel = key;
  refetch();
}

function pickConversation(key: string): void {
  ui.awaiting = null;
  dismiss();
  const peer = isPrivateKey(key) ? key.slice(1) : null;
  showConversation(key, peer !== null && ui.model?.actors[`peer:${peer}`] ? `peer:${peer}` : ui.actor);
  render();
}

function pickPeer(id: string): void {
  pickConversation(ui.shown === privateKey(id) ? ui.channel : privateKey(id));
}

/** The query that says what this page looks at. */
const viewQuery = (): Record<string, string> => ({ actor: ui.actor, conversation: ui.shown, ...(ui.reveal ? { private: 'show' } : {}) });

/** Who the box writes to: the shown channel, or the peer of the private conversation shown. */
function drawTarget(m: UiModel): void {
  const box = byId('target');
  box.replaceChildren();
  if (mode === 'replay') return;
  const peer = shownPeer();
  const channel = m.joined[ui.channel]?.name ?? ui.channel;
  if (peer === null) {
    box.append('to everyone in ', el('b', {}, m.joined[ui.shown]?.name ?? ui.shown), ' who is here (click a peer for a private message)');
    return;
  }
  const p = m.peers[peer];
  const back = el('a', { href: '#' }, channel);
  back.addEventListener('click', (e) => {
    e.preventDefault();
    pickConversation(ui.channel);
  });
  box.append('private to ', el('b', {}, p?.label || p?.view?.name || peer.slice(0, 8)), ' · back to ', back);
}

/** What the model says of the page's own choice: a channel joined here is shown once joined, one left is not. */
function settle(m: UiModel): void {
  if (ui.awaiting !== null && m.joined[ui.awaiting]) {
    showConversation(ui.awaiting);
    ui.awaiting = null;
  }
  if (!m.joined[ui.channel]) ui.channel = LAN;
  if (!isPrivateKey(ui.shown) && !m.joined[ui.shown]) showConversation(ui.channel);
}

function render(): void {
  const m = ui.model;
  if (!m) return;
  byId('me').textContent = m.self ? `${m.self.name} (${m.self.id.slice(0, 8)})` : '';
  settle(m);
  const conv = m.conversations[ui.shown];
  markRead(conv, ui.seen);
  drawMesh(byId<SVGSVGElement>('mesh'), m, shownPeer(), pickPeer);
  drawPeers(byId('peers').querySelector('tbody') ?? byId('peers'), m, shownPeer(), pickPeer);
  drawConversations(byId('conversations'), conversationList(m, ui.shown, ui.seen), ui.shown, pickConversation);
  drawChat(byId('chat'), ui.shown, conv?.chats ?? []);
  drawTarget(m);
  drawNotice(m);
  drawActorChoice(m);
  const actor = m.actors[ui.actor];
  drawChart(byId<SVGSVGElement>('chart'), byId('global'), actor ? ui.charts[actor.machine] : ui.charts['node'], actor);
  drawLog(byId('log').querySelector('tbody') ?? byId('log'), actor);
  drawStats(byId('stats'), m);
  drawTransfers(byId('transfers'), m);
}

export function show(m: UiModel): void {
  ui.model = m;
  render();
}

function live(): void {
  const form = byId<HTMLFormElement>('send');
  const text = byId<HTMLTextAreaElement>('text');
  form.hidden = false;
  let events: EventSource | null = null;
  const listen = () => {
    events?.close();
    events = new EventSource(withToken('/events', viewQuery()));
    events.onopen = () => (byId('status').textContent = 'live');
    events.onerror = () => (byId('status').textContent = 'disconnected');
    events.onmessage = (e: MessageEvent<string>) => show(fromNode<UiModel>(e.data));
  };
  const post = (body: object) =>
    fetch(withToken('/send'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const send = async () => {
    const body = text.value;
    if (body.trim() === '') return;
    const peer = shownPeer();
    // A LAN channel by its id; a secret one has no such line, so only while it is the node's current channel.
    const to =
      peer !== null
        ? { to: peer }
        : ui.shown.startsWith('#')
          ? { channel: ui.shown }
          : ui.model?.current === ui.shown
            ? { to: null }
            : null;
    if (to === null) {
      byId('status').textContent = `not sent: /go ${ui.model?.joined[ui.shown]?.name ?? ui.shown} in the console first`;
      return;
    }
    dismiss();
    const r = await post({ ...to, text: body });
    if (r.ok) text.value = '';
    else byId('status').textContent = `not sent: ${await r.text()}`;
  };
  wireChannelForm(post, dismiss, (channel) => {
    if (channel !== null) ui.awaiting = channel;
    render();
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void send();
  });
  text.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      void send();
    }
  });
  refetch = listen;
  listen();
}

async function boot(): Promise<void> {
  const actor = byId<HTMLSelectElement>('actor');
  actor.addEventListener('change', () => {
    lookAt(actor.value);
    render();
  });
  const reveal = byId<HTMLInputElement>('private');
  reveal.addEventListener('change', () => {
    ui.reveal = reveal.checked;
    refetch();
  });
  ui.charts = fromNode<Record<string, LaidOutChart>>(await (await fetch(withToken('/charts.json'))).text());
  if (mode === 'replay') refetch = await startReplay(show, viewQuery);
  else live();
}

void boot();
