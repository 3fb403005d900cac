// Baseline sender: reads lines on stdin and sends each to every receiver port given,
// over one persistent TCP socket per receiver, or (--oneshot) one connection per message
// as the original design does, or (--sealed) one persistent TCP socket with a Noise
// channel (secret-stream) per receiver: the encrypted floor of our links.
import net from 'node:net';
import readline from 'node:readline';
import SecretStream from '@hyperswarm/secret-stream';
const flags = new Set(process.argv.slice(2).filter((a) => a.startsWith('--')));
const oneshot = flags.has('--oneshot');
const sealed = flags.has('--sealed');
const ports = process.argv.slice(2).filter((a) => !a.startsWith('--')).map(Number);
const sockets = oneshot
  ? []
  : ports.map((p) => {
      const raw = net.connect(p, '127.0.0.1').setNoDelay(true);
      return sealed ? new SecretStream(true, raw) : raw;
    });
const rl = readline.createInterface({ input: process.stdin });
rl.on('line', (line) => {
  const msg = JSON.stringify({ Chat: { content: line } }) + '\n';
  if (!oneshot) for (const s of sockets) s.write(msg);
  else for (const p of ports) { const s = net.connect(p, '127.0.0.1', () => s.end(msg)); s.on('error', () => {}); }
});
rl.on('close', () => { for (const s of sockets) s.end(); setTimeout(() => process.exit(0), 200); });
