import type { LaidOutChart } from '../chart-layout.js';
import type { UiModel } from '../model.js';
import { drawChart, drawLog } from './chart-view.js';
import { drawChat } from './chat-view.js';
import { byId, el, fromNode, withToken } from './dom.js';
import { drawMesh } from './mesh-view.js';
import { drawPeers, drawStats } from './peers-view.js';
import { startReplay } from './timeline-view.js';
import { drawTransfers } from './transfers-view.js';

/**
 * The page: a client of the node (live) or a player of a recording (replay).
 * Either way it holds the latest model and draws all of it; a click on a peer
 * picks it for a private message and for the inspector.
 */
interface PageState {
  model: UiModel | null;
  charts: Record<string, LaidOutChart>;
  /** The peer a message goes to (private); null: everyone. */
  peer: string | null;
  /** The actor whose chart and log are shown. */
  actor: string;
  reveal: boolean;
}
const ui: PageState = { model: null, charts: {}, peer: null, actor: 'node', reveal: false };
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

function pickPeer(id: string): void {
  ui.peer = ui.peer === id ? null : id;
  if (ui.model?.actors[`peer:${id}`]) lookAt(`peer:${id}`);
  render();
}

/** The query that says what this page looks at. */
const viewQuery = (): Record<string, string> => ({ actor: ui.actor, ...(ui.reveal ? { private: 'show' } : {}) });

function drawTarget(m: UiModel): void {
  const box = byId('target');
  box.replaceChildren();
  const p = ui.peer === null ? undefined : m.peers[ui.peer];
  if (mode === 'replay') return;
  if (!p) {
    box.append('to everyone present (click a peer for a private message)');
    return;
  }
  const back = el('a', { href: '#' }, 'everyone');
  back.addEventListener('click', (e) => {
    e.preventDefault();
    ui.peer = null;
    render();
  });
  box.append('private to ', el('b', {}, p.label || p.view?.name || ''), ' · back to ', back);
}

function render(): void {
  const m = ui.model;
  if (!m) return;
  byId('me').textContent = m.self ? `${m.self.name} (${m.self.id.slice(0, 8)})` : '';
  drawMesh(byId<SVGSVGElement>('mesh'), m, ui.peer, pickPeer);
  drawPeers(byId('peers').querySelector('tbody') ?? byId('peers'), m, ui.peer, pickPeer);
  drawChat(byId('chat'), m);
  drawTarget(m);
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
  const send = async () => {
    const body = text.value;
    if (body.trim() === '') return;
    const r = await fetch(withToken('/send'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ to: ui.peer, text: body }),
    });
    if (r.ok) text.value = '';
    else byId('status').textContent = `not sent: ${await r.text()}`;
  };
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
