#!/bin/sh
# `npm run bench`: builds, then runs the benchmark inside a private network namespace
# when it can (root), so nothing it starts can reach a real interface.
set -eu
cd "$(dirname "$0")/.."
npx tsc -p tsconfig.json
if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null 2>&1 && unshare -n true 2>/dev/null; then
  exec unshare -n sh -c 'ip link set lo up && npx tsx bench/run.ts'
fi
exec npx tsx bench/run.ts
