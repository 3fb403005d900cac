import type { RoomAnswer } from '../../wire/ports/index.js';
import { sanitize } from './sanitize.js';

/** What a room command says, on the console. */
export function roomLines(a: RoomAnswer): string[] {
  switch (a.kind) {
    case 'joined':
      return [
        `${a.made ? 'made and joined' : 'joined'} room ${a.name}; whoever has this code can join it (keep it among you):`,
        `  /join ${a.invite}    (or start with --room ${a.invite})`,
      ];
    case 'left':
      return [`left room ${a.name}`];
    case 'invite':
      return [`invite to ${a.name}: /join ${a.invite}`];
    case 'rooms':
      return a.rooms.length === 0 ? ['in no room (/join NAME makes one)'] : a.rooms.map((r) => `room ${r.name}  (invite: ${r.invite})`);
    case 'error':
      return [`! ${a.error.code}: ${sanitize(a.error.message)}`];
  }
}
