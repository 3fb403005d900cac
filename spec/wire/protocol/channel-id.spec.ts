import { expect } from 'chai';
import * as E from 'fp-ts/lib/Either.js';
import { ChannelId, isLanChannel, isSecretChannel, LAN_CHANNEL, lanChannelId } from '../../../src/wire/protocol/channel-id.js';
import { LIMITS } from '../../../src/wire/protocol/limits.js';

const idOf = (name: string) => {
  const r = lanChannelId(name);
  return E.isRight(r) ? r.right : r.left.code;
};

describe('channel ids (issue 23)', () => {
  it('the LAN channel is #lan, and its spellings and look-alikes are it', () => {
    expect(LAN_CHANNEL).to.equal('#lan');
    // Capitals, full-width letters, a Cyrillic "а", a digit one for the "l", an invisible zero-width space.
    for (const name of ['lan', '#lan', '#LAN', '#Lan', 'lаn', '1an', 'ｌａｎ', 'la\u200bn', ' lan '])
      expect(idOf(name), name).to.equal('#lan');
  });

  it('a LAN channel id is its name in the names normal form, so two names that look alike are one channel', () => {
    expect(idOf('team')).to.equal(idOf('#TEAM'));
    expect(idOf('team')).to.equal(idOf('tеаm'));
    expect(idOf('ops')).to.equal('#ops');
    expect(idOf('ops')).not.to.equal(idOf('team'));
    expect(idOf('dev-2.x_y')).to.equal(idOf('DEV-2.X_Y'));
    expect(idOf('日本')).to.equal('#日本');
  });

  it('refuses an empty, too long or disallowed name with BAD_CHANNEL_NAME', () => {
    for (const name of ['', '#', '  ', '\u200b', 'a b', 'a#b', 'team!', '#~x', 'x/y', 'a'.repeat(33), 'é'.repeat(17)])
      expect(idOf(name), JSON.stringify(name)).to.equal('BAD_CHANNEL_NAME');
    expect(idOf('a'.repeat(32))).to.equal(`#${'a'.repeat(32)}`);
    // The normal form can outgrow the name: "m" is "rn" to it, so 20 m's are 40 bytes of id.
    expect(idOf('m'.repeat(20))).to.equal('BAD_CHANNEL_NAME');
  });

  it('every id it gives is one the codec takes, within the id bytes', () => {
    for (const name of ['lan', 'team', 'café', 'İstanbul', 'straße', 'a'.repeat(32)]) {
      const r = lanChannelId(name);
      if (E.isLeft(r)) throw new Error(`${name}: ${r.left.message}`);
      expect(ChannelId.is(r.right), name).to.equal(true);
      expect(Buffer.byteLength(r.right)).to.be.at.most(LIMITS.channelBytes);
    }
  });

  it('the codec takes the two forms only, the LAN one in its normal form', () => {
    const secret = `~${'0123456789abcdef'.repeat(2)}`;
    for (const ok of ['#lan', '#ops', secret]) expect(ChannelId.is(ok), ok).to.equal(true);
    const refused = [
      '',
      'lan',
      '#',
      '#LAN',
      '#lаn',
      '#a b',
      `#${'a'.repeat(33)}`,
      '~',
      `~${'0123456789ABCDEF'.repeat(2)}`,
      `~${'0'.repeat(31)}`,
      `~${'0'.repeat(33)}`,
      `${secret}\n`,
      7,
      null,
    ];
    for (const bad of refused) expect(ChannelId.is(bad), JSON.stringify(bad)).to.equal(false);
  });

  it('tells the two kinds apart', () => {
    expect(isLanChannel(LAN_CHANNEL)).to.equal(true);
    expect(isSecretChannel(LAN_CHANNEL)).to.equal(false);
    const secret = ChannelId.decode(`~${'f'.repeat(32)}`);
    expect(E.isRight(secret) && isSecretChannel(secret.right)).to.equal(true);
  });
});
