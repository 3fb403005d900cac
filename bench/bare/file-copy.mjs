// Baselines for the file transfer: a file copied over one TCP connection on loopback,
// plain or (--sealed) inside a Noise channel (@hyperswarm/secret-stream, the kind of
// socket our links are). `receive OUT SIZE`: prints PORT, then DONE once SIZE bytes are
// written to OUT and it is closed. `send FILE PORT`: streams the file (the bench kills it).
import net from 'node:net';
import fs from 'node:fs';
import SecretStream from '@hyperswarm/secret-stream';
const [mode, a, b] = process.argv.slice(2);
const sealed = process.argv.includes('--sealed');
if (mode === 'receive') {
  const size = Number(b);
  const server = net.createServer((socket) => {
    const s = sealed ? new SecretStream(false, socket) : socket;
    const fd = fs.openSync(a, 'w');
    let written = 0;
    // Written in order, one at a time: the figure is the copy to disk, as the node's is.
    const queue = [];
    let busy = false;
    const next = () => {
      if (busy) return;
      const c = queue.shift();
      if (!c) return s.resume();
      busy = true;
      fs.write(fd, c, 0, c.length, null, () => {
        busy = false;
        written += c.length;
        if (written >= size) {
          fs.closeSync(fd);
          process.stdout.write(`DONE ${written}\n`);
        } else next();
      });
    };
    s.on('data', (c) => {
      queue.push(c);
      if (queue.length > 16) s.pause();
      next();
    });
    s.on('error', () => {});
    socket.on('error', () => {});
  });
  server.listen(0, '127.0.0.1', () => process.stdout.write(`PORT ${server.address().port}\n`));
  process.stdin.on('end', () => process.exit(0)).resume();
} else {
  const socket = net.connect(Number(b), '127.0.0.1', () => {
    const s = sealed ? new SecretStream(true, socket) : socket;
    const from = fs.createReadStream(a, { highWaterMark: 256 * 1024 });
    from.on('data', (c) => {
      if (s.write(c) === false) {
        from.pause();
        s.once('drain', () => from.resume());
      }
    });
  });
  socket.on('error', () => {});
}
