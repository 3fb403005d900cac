// Baseline echo over the same kind of socket as our links: TCP with a Noise channel
// (@hyperswarm/secret-stream) on it. Echoes every chunk it decrypts; prints its port.
import net from 'node:net';
import SecretStream from '@hyperswarm/secret-stream';
const server = net.createServer((socket) => {
  socket.setNoDelay(true);
  const channel = new SecretStream(false, socket);
  channel.on('data', (d) => channel.write(d));
  channel.on('error', () => {});
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`PORT ${server.address().port}\n`));
process.stdin.on('end', () => process.exit(0)).resume();
