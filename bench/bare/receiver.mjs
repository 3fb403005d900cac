// Baseline receiver: newline-delimited JSON over plain TCP, or (--sealed) over TCP with a
// Noise channel (@hyperswarm/secret-stream, the same kind of socket as our links); prints
// every line it gets. Persistent connections deliver lines as they come; one-shot ones
// (original style) on end.
import net from 'node:net';
import SecretStream from '@hyperswarm/secret-stream';
const sealed = process.argv.includes('--sealed');
const server = net.createServer((socket) => {
  socket.setNoDelay(true);
  const s = sealed ? new SecretStream(false, socket) : socket;
  let buf = '';
  s.on('data', (c) => {
    buf += c.toString('utf8');
    let nl;
    while ((nl = buf.indexOf('\n')) >= 0) {
      process.stdout.write(buf.slice(0, nl + 1));
      buf = buf.slice(nl + 1);
    }
  });
  s.on('end', () => { if (buf) process.stdout.write(buf + '\n'); buf = ''; });
  s.on('error', () => {});
  if (sealed) socket.on('error', () => {});
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`PORT ${server.address().port}\n`));
process.stdin.on('end', () => process.exit(0)).resume();
