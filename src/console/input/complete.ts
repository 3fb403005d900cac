/** Commands Tab completes, and those whose first argument is a peer. */
const COMMANDS = ['/help', '/history', '/id', '/list', '/msg', '/peers', '/pending', '/quit', '/search', '/stats', '/trust', '/whois'];
const TAKES_PEER = new Set(['/msg', '/whois', '/trust', '/history']);

/**
 * Tab completion, readline's way: the candidates for the word being typed, and
 * that word. A command at the start of the line; a peer's name after a command
 * that takes one (quoted when it has spaces). Pure: the names are handed in.
 */
export function complete(line: string, names: readonly string[]): [string[], string] {
  if (/^\/\S*$/.test(line)) {
    const hits = COMMANDS.filter((c) => c.startsWith(line.toLowerCase())).map((c) => `${c} `);
    return [hits, line];
  }
  const m = /^(\/\S+)\s+("?[^"\s]*)$/.exec(line);
  if (!m || !TAKES_PEER.has((m[1] ?? '').toLowerCase())) return [[], line];
  const word = m[2] ?? '';
  const typed = word.replace(/^"/, '').toLowerCase();
  const quote = (n: string) => (/\s/.test(n) || word.startsWith('"') ? `"${n}" ` : `${n} `);
  const hits = [...new Set(names)].filter((n) => n.toLowerCase().startsWith(typed)).map(quote);
  return [hits, word];
}
