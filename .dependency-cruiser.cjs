/**
 * The floors, bottom to top; an import may only point down (or within its own folder):
 *   src/base                    pure helpers: imports nothing of ours
 *   src/wire                    codecs, framing, errors, limits, identity and trust, the ports (on base)
 *   src/config                  the flags and their codec (on wire and base)
 *   machines/                   pure state
 *   streams/                    decode, validate, fan-out (RxJS)
 *   src/console, src/ui         what the user sees (commands, views, the doctor, the page's model)
 *   src/record                  the recording boundary (and the store as a recording sees it)
 *   src/core                    the node's core: inputs → machines → effects, over ports (no adapter)
 *   src/adapters                the only I/O
 *   src/*.ts                    the roots (main, compose, replay): wires only
 */
const ROOTS = '^src/[^/]+\\.ts$';
const OURS = '^(src|machines|streams)/';
module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'base-imports-nothing-of-ours',
      comment: 'src/base is the bottom: pure helpers that know nothing of the chat.',
      severity: 'error',
      from: { path: '^src/base/' },
      to: { path: OURS, pathNot: '^src/base/' },
    },
    {
      name: 'wire-stands-on-base',
      comment: 'src/wire (codecs, identity, trust, ports) imports only src/base below it.',
      severity: 'error',
      from: { path: '^src/wire/' },
      to: { path: OURS, pathNot: '^src/(wire|base)/' },
    },
    {
      name: 'config-stands-on-wire',
      severity: 'error',
      from: { path: '^src/config/' },
      to: { path: OURS, pathNot: '^src/(config|wire|base)/' },
    },
    {
      name: 'machines-are-pure',
      comment: 'machines decide; they see only the ground (and each other).',
      severity: 'error',
      from: { path: '^machines/' },
      to: { path: OURS, pathNot: '^machines/|^src/(wire|base)/' },
    },
    {
      name: 'streams-touch-no-io',
      comment: 'streams are pure operators over ports and machine events.',
      severity: 'error',
      from: { path: '^streams/' },
      to: { path: OURS, pathNot: '^(machines|streams)/|^src/(wire|base)/' },
    },
    {
      name: 'views-above-streams-only',
      severity: 'error',
      from: { path: '^src/(console|ui)/' },
      to: { path: ['^src/(record|core|adapters)/', ROOTS] },
    },
    {
      name: 'record-stands-on-wire',
      comment: 'the recording boundary knows records and ports, not what the node does with them.',
      severity: 'error',
      from: { path: '^src/record/' },
      to: { path: OURS, pathNot: '^src/(record|config|wire|base)/' },
    },
    {
      name: 'core-imports-no-adapter',
      comment: 'the core runs over ports: live sockets or a recording, it cannot tell which.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: ['^src/adapters/', ROOTS] },
    },
    {
      name: 'adapters-do-not-decide',
      comment: 'adapters wrap I/O; they may name the types of machines and streams, never run them, and never reach the core.',
      severity: 'error',
      from: { path: '^src/adapters/' },
      to: { path: ['^machines/', '^streams/', '^src/core/', ROOTS], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'adapters-below-the-core',
      severity: 'error',
      from: { path: '^src/adapters/' },
      to: { path: ['^src/core/', ROOTS] },
    },
    {
      name: 'only-adapters-do-io',
      severity: 'error',
      comment: 'the page bundle build script (build.mjs) runs at build time, not in a node.',
      from: { path: '^(machines|streams)/|^src/(wire|base|config|console|ui|record|core)/', pathNot: '^src/ui/page/build\\.mjs$' },
      to: {
        path: '^(dgram|net|readline|http|fs|child_process)$|^node:(dgram|net|readline|http|fs|child_process)$|better-sqlite3',
        dependencyTypesNot: ['type-only'],
      },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // Builtins and better-sqlite3 are included so the I/O rule can see them.
    includeOnly: ['^(src|machines|streams)/', '^node:', '^(dgram|net|readline|http|fs|child_process)$', 'better-sqlite3'],
  },
};
