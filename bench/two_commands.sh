#!/usr/bin/env bash
# Wall time of the README's two commands on a fresh clone of this repository.
#   bench/two_commands.sh            time both
#   bench/two_commands.sh run        time only the run command (until /healthz answers)
# Prints figures; asserts nothing. Package caches (pip, npm) make repeat runs faster than a
# machine's very first one; the first line says whether they were warm.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
which="${1:-both}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
git clone -q "$repo" "$work/clone"
[ -d "$repo/../shared" ] && ln -s "$repo/../shared" "$work/shared"
cd "$work/clone"
echo "pip cache: $(du -sh ~/.cache/pip 2>/dev/null | cut -f1 || echo none); npm cache: $(du -sh ~/.npm 2>/dev/null | cut -f1 || echo none)"

if [ "$which" = both ] || [ "$which" = run ]; then
  start=$(date +%s.%N)
  script/run > "$work/run.log" 2>&1 &
  server=$!
  until curl -fsS http://127.0.0.1:8000/healthz >/dev/null 2>&1; do
    kill -0 "$server" 2>/dev/null || { echo "run command exited early:"; tail -20 "$work/run.log"; exit 1; }
    sleep 0.5
  done
  end=$(date +%s.%N)
  printf 'run command: %.1f s from fresh clone to /healthz answering\n' "$(echo "$end - $start" | bc)"
  pkill -P "$server" || true; kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true
fi

if [ "$which" = both ] || [ "$which" = test ]; then
  start=$(date +%s.%N)
  script/test -q > "$work/test.log" 2>&1 || { echo "test command failed:"; tail -30 "$work/test.log"; }
  end=$(date +%s.%N)
  printf 'test command: %.1f s on a fresh clone (%s)\n' "$(echo "$end - $start" | bc)" "$(grep -E '[0-9]+ passed' "$work/test.log" | tail -1)"
fi
