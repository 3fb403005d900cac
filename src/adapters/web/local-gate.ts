import { randomBytes, timingSafeEqual } from 'node:crypto';
import type http from 'node:http';

/**
 * Who may use a page the node serves on 127.0.0.1 (`--ui`, `--inspect`).
 * Listening on loopback is not enough: any web page the user visits can open
 * a WebSocket or an EventSource to 127.0.0.1, and a DNS-rebound name reaches it
 * too. So a request must be addressed to our own host (127.0.0.1 or localhost
 * with our port), come from our own origin when a browser says where it comes
 * from, and carry the per-run secret token printed at start.
 */
export interface LocalGate {
  readonly token: string;
  /** null when allowed; else why not, for a 403. */
  refuse(req: http.IncomingMessage, port: number): string | null;
}

/** 128 bits from the OS, one per run: guessing it is not an attack. */
export const newToken = (): string => randomBytes(16).toString('base64url');

export function localGate(token: string): LocalGate {
  const expected = Buffer.from(token);
  const tokenOk = (given: string | null) => {
    if (given === null) return false;
    const b = Buffer.from(given);
    return b.length === expected.length && timingSafeEqual(b, expected);
  };
  return {
    token,
    refuse(req, port) {
      const hosts = [`127.0.0.1:${port}`, `localhost:${port}`];
      if (!hosts.includes(req.headers.host ?? '')) return 'this page is served to 127.0.0.1 and localhost only';
      const origin = req.headers.origin;
      if (origin !== undefined && !hosts.some((h) => origin === `http://${h}`)) return `origin ${origin.slice(0, 100)} is not this page`;
      const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
      if (!tokenOk(url.searchParams.get('token'))) return 'the token printed at start is missing or wrong';
      return null;
    },
  };
}
