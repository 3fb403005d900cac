// Baseline sender: reads lines on stdin and sends each to every receiver port given,
// over one persistent TCP socket per receiver, or (--oneshot) one connection per message
// as the original design does.
import net from 'node:net';
import readline from 'node:readline';
const oneshot = process.argv[2] === '--oneshot';
const ports = process.argv.slice(oneshot ? 3 : 2).map(Number);
const sockets = oneshot ? [] : ports.map((p) => net.connect(p, '127.0.0.1').setNoDelay(true));
const rl = readline.createInterface({ input: process.stdin });
rl.on('line', (line) => {
  const msg = JSON.stringify({ Chat: { content: line } }) + '\n';
  if (!oneshot) for (const s of sockets) s.write(msg);
  else for (const p of ports) { const s = net.connect(p, '127.0.0.1', () => s.end(msg)); s.on('error', () => {}); }
});
rl.on('close', () => { for (const s of sockets) s.end(); setTimeout(() => process.exit(0), 200); });
