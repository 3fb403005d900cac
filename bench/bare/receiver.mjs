// Baseline receiver: plain TCP, newline-delimited JSON; prints every line it gets.
// Persistent connections deliver lines as they come; one-shot ones (original style) on end.
import net from 'node:net';
const server = net.createServer((s) => {
  let buf = '';
  s.setEncoding('utf8');
  s.on('data', (c) => {
    buf += c;
    let nl;
    while ((nl = buf.indexOf('\n')) >= 0) {
      process.stdout.write(buf.slice(0, nl + 1));
      buf = buf.slice(nl + 1);
    }
  });
  s.on('end', () => { if (buf) process.stdout.write(buf + '\n'); buf = ''; });
  s.on('error', () => {});
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`PORT ${server.address().port}\n`));
process.stdin.on('end', () => process.exit(0)).resume();
