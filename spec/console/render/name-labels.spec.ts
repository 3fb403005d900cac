import { expect } from 'chai';
import type { PeerView } from '../../../machines/events.js';
import { nameLabels } from '../../../src/console/render/name-labels.js';
import { trustReply } from '../../../src/console/input/trust-reply.js';
import { peerView } from '../../support/peer-view.js';
import { renderHuman } from '../../../src/console/render/view.js';
import { renderJson } from '../../../src/console/render/view-json.js';

const peer = (id: string, name: string, fingerprint = 'ffff', state: PeerView['state'] = 'connected'): PeerView =>
  peerView(id, name, { fingerprint, state });
const BOB1 = '43af0000-0000-4000-8000-000000000001';
const BOB2 = '77c10000-0000-4000-8000-000000000002';

describe('console: two peers under one name (issue 11 item 3)', () => {
  const twins = [peer(BOB1, 'bob'), peer(BOB2, 'bob'), peer('aaaa0000-0000-4000-8000-000000000003', 'alice')];
  const opts = { color: false, formatTime: () => '12:00:00', label: nameLabels(twins) };

  it('a name not unique among present peers carries the start of the id; a unique one does not', () => {
    const label = nameLabels(twins);
    expect(label(BOB1, 'bob')).to.equal('bob#43af');
    expect(label(BOB2, 'bob')).to.equal('bob#77c1');
    expect(label('aaaa', 'alice')).to.equal('alice');
    expect(nameLabels([peer(BOB1, 'bob'), peer(BOB2, 'BOB', 'f', 'gone')])(BOB1, 'bob')).to.equal('bob');
  });

  it('in chat lines and in /peers', () => {
    const chat = { id: 'c', fromId: BOB2, fromName: 'bob', content: 'hi', timestamp: 1, private: false, legacy: false, verified: true };
    expect(renderHuman({ type: 'chat', chat }, opts)[0]).to.equal('[12:00:00] bob#77c1: hi');
    const table = renderHuman({ type: 'peers', peers: twins, now: 0 }, opts).join('\n');
    expect(table).to.include('bob#43af').and.include('bob#77c1');
  });

  it('/trust of a new key while the old one is connected says so; nothing to trust is an error, in JSON too (item 6)', () => {
    const out = trustReply({ kind: 'trusted', name: 'bob', fingerprint: 'eeee' }, [peer(BOB1, 'bob', 'ffff')]);
    expect(out.map((o) => o.type)).to.deep.equal(['trusted', 'note']);
    expect(JSON.stringify(out[1])).to.include('still connected');
    const none = trustReply({ kind: 'none', name: 'bob' }, []);
    expect(none.map((o) => renderJson(o))).to.deep.equal([
      { event: 'error', code: 'UNKNOWN_PEER', message: 'no refused key for bob to trust' },
    ]);
  });
});
