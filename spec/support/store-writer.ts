import { openSqliteStore } from '../../src/adapters/disk/sqlite-store.js';

/** Writes chats into the store at argv[2] as fast as it can until killed (the torn-write spec). */
const store = openSqliteStore(process.argv[2] as string);
let n = 0;
let told = false;
store.committed$.subscribe(() => {
  if (!told) process.stdout.write('committed\n');
  told = true;
});
const loop = () => {
  for (let i = 0; i < 200; i++, n++) {
    store.save(
      {
        id: `w${n}`,
        fromId: 'x',
        fromName: 'w',
        toId: null,
        content: `write ${n}`,
        timestamp: n,
        own: false,
        legacy: false,
        deliveredTo: [],
      },
      n,
    );
  }
  setImmediate(loop);
};
loop();
