#!/bin/sh
# `npm test`: type-check, build the CLI the integration specs spawn, then run every
# spec. The network specs run inside a private network namespace (unshare -n), so
# a bug can never put a beacon on the host's real interfaces; the LAN specs build
# their own namespaces from there and delete them, and this script deletes any
# leftover on the way out, whatever happened. The spec list is given here, not in
# .mocharc.json, so `npx mocha FILE` runs that file alone (mocha adds a config's list to it).
set -eu
cd "$(dirname "$0")/.."

cleanup() {
  if command -v ip >/dev/null 2>&1; then
    # Only a finished run's (the pid in the name is gone): another suite running now keeps its own.
    ip netns list 2>/dev/null | awk '/^p2pc/ {print $1}' | while read -r ns; do
      pid=$(echo "$ns" | sed -n 's/^p2pc\([0-9]*\).*/\1/p')
      if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then continue; fi
      ip netns del "$ns" 2>/dev/null || true
    done
  fi
}
trap cleanup EXIT INT TERM

npm run --silent build
npx tsc -p src/ui/page/tsconfig.json
npx tsc -p tsconfig.spec.json
npx tsc -p bench/tsconfig.json
# The floors: no import runs up a floor, none goes round in a circle (.dependency-cruiser.cjs).
npx depcruise --config .dependency-cruiser.cjs src machines streams
# Lint (typescript-eslint, type-aware) and format (Prettier, 140 columns): npm run lint.
npm run --silent lint

if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null 2>&1 && unshare -n true 2>/dev/null; then
  unshare -n sh -c "ip link set lo up && npx mocha 'spec/**/*.spec.ts'"
else
  echo "!!! Not root, or unshare -n is not available: the network specs run on the host's"
  echo "!!! loopback only (every node in them uses --loopback) and the LAN specs are SKIPPED."
  npx mocha 'spec/**/*.spec.ts'
fi
