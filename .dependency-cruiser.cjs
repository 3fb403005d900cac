/**
 * The floors, bottom to top; an import may only point down or sideways:
 *   src/wire, src/base          protocol, identity, ports, pure helpers (the ground)
 *   machines/                   pure state
 *   streams/                    decode, validate, fan-out (RxJS)
 *   src/console, src/ui         what the user sees (commands, views, live page model)
 *   src/record                  the recording boundary (and the store as a recording sees it)
 *   src/adapters                the only I/O
 *   src/*.ts                    the roots (main, compose, replay, node-core, config)
 */
const ROOTS = '^src/[^/]+\\.ts$';
module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'ground-stays-down',
      comment: 'src/wire and src/base are the ground floor: they import nothing above them.',
      severity: 'error',
      from: { path: '^src/(wire|base)/' },
      to: { path: ['^machines/', '^streams/', '^src/(console|ui|record|adapters)/', ROOTS] },
    },
    {
      name: 'machines-are-pure',
      comment: 'machines decide; they never reach streams, the console, adapters or the roots.',
      severity: 'error',
      from: { path: '^machines/' },
      to: { path: ['^streams/', '^src/(console|ui|record|adapters)/', ROOTS] },
    },
    {
      name: 'streams-touch-no-io',
      comment: 'streams are pure operators over ports; adapters and roots are above them.',
      severity: 'error',
      from: { path: '^streams/' },
      to: { path: ['^src/(console|ui|record|adapters)/', ROOTS] },
    },
    {
      name: 'console-above-streams-only',
      severity: 'error',
      from: { path: '^src/(console|ui)/' },
      to: { path: ['^src/(record|adapters)/', ROOTS] },
    },
    {
      name: 'adapters-do-not-decide',
      comment: 'adapters wrap I/O; they may name the types of machines and streams, never run them.',
      severity: 'error',
      from: { path: '^src/adapters/' },
      to: { path: ['^machines/', '^streams/', ROOTS], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'only-adapters-do-io',
      severity: 'error',
      from: { path: '^(machines|streams)/|^src/(wire|base|console|ui|record)/' },
      to: { path: '^(dgram|net|readline|http|fs|child_process)$|^node:(dgram|net|readline|http|fs|child_process)$|better-sqlite3', dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    includeOnly: '^(src|machines|streams)/',
  },
};
