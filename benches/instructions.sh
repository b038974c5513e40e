#!/usr/bin/env bash
# Instruction counts (valgrind --tool=callgrind) for the work the timed
# benches measure: repeatable whatever else the machine is doing, so a
# change can be judged on a busy machine. Under valgrind the CPU's SHA
# instructions are hidden, so sha256 counts as its software version.
#
#   benches/instructions.sh            # every row
#   benches/instructions.sh decide     # rows whose name contains "decide"
#
# Sessions: the bench's cache, target/bench-sessions/ (made by
# `cargo bench --bench felt`, or copied in from `make-session OUT EVENTS
# PRIORITIES`); a size missing there is made with make-session (200,000
# events take about 5 minutes). Builds the release binary and the testkit's
# measured-work (the in-process rows: only its `counted_work` function counts).
set -euo pipefail
cd "$(dirname "$0")/.."
filter="${1:-}"
target="${CARGO_TARGET_DIR:-target}"
cache="$target/bench-sessions"
scratch="$(mktemp -d "${TMPDIR:-/tmp}/caseboard-instructions.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT

command -v valgrind >/dev/null || { echo "valgrind is needed" >&2; exit 2; }
cargo build --quiet --release -p caseboard --bin caseboard
cargo build --quiet --release -p caseboard-testkit --bin measured-work --bin make-session
bin="$target/release/caseboard"
work="$target/release/measured-work"

# session EVENTS PRIORITIES: the cached session's path, made if missing.
session() {
  local events=$1 priorities=$2
  local path="$cache/s$events-p$priorities-i$((priorities * 4))-o$((priorities * 6))-seed2008-kept2.caseboard"
  if [[ ! -f $path ]]; then
    mkdir -p "$cache"
    echo "making $path…" >&2
    "$target/release/make-session" "$path.partial" "$events" "$priorities" >&2
    mv "$path.partial" "$path"
  fi
  echo "$path"
}

# copy EVENTS PRIORITIES: a fresh copy for a run that writes or locks.
copy() {
  local to="$scratch/copy.caseboard"
  rm -f "$to" "$to-wal" "$to-shm"
  cp "$(session "$1" "$2")" "$to"
  echo "$to"
}

# want NAME: whether the row is asked for (so a session is made or copied
# only for the rows that run).
want() { [[ -z $filter || $1 == *"$filter"* ]]; }

# count NAME [callgrind options --] COMMAND...: one row of the table.
count() {
  local name=$1
  shift
  local opts=()
  if [[ ${1:-} == --* ]]; then
    while [[ $1 != -- ]]; do opts+=("$1"); shift; done
    shift
  fi
  local log="$scratch/callgrind.log"
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "${opts[@]}" "$@" \
    >/dev/null 2>"$log" </dev/null || { echo "$name: failed" >&2; cat "$log" >&2; return 1; }
  local n
  n=$(grep -o 'Collected : [0-9]*' "$log" | awk '{print $3}')
  printf '%-34s %15s\n' "$name" "$(printf "%'d" "$n" 2>/dev/null || echo "$n")"
}

inproc=(--collect-atstart=no "--toggle-collect=*counted_work*" --)

printf '%-34s %15s\n' "work" "instructions"
for size in "2000 50" "20000 500" "200000 5000"; do
  set -- $size
  ! want "board $1" || count "board $1" "$bin" board "$(session "$1" "$2")"
done
for size in "20000 500" "200000 5000"; do
  set -- $size
  ! want "decide $1" ||
    count "decide $1" "$bin" decide "$(copy "$1" "$2")" P0020 defer --rationale later --as Bench
done
for f in json md csv; do
  ! want "export $f 20000" || count "export $f 20000" "$bin" export "$(session 20000 500)" --format "$f"
done
! want "sqlite3 select * 20000" ||
  count "sqlite3 select * 20000" sqlite3 "$(session 20000 500)" "select * from events"
! want "review step back 20000 (1 step)" ||
  count "review step back 20000 (1 step)" "${inproc[@]}" "$work" review-step "$(session 20000 500)" 1
! want "first draw 20000 (per 10 frames)" ||
  count "first draw 20000 (per 10 frames)" "${inproc[@]}" "$work" first-draw "$(session 20000 500)" 10
! want "event arrives 20000 (per 10)" ||
  count "event arrives 20000 (per 10)" "${inproc[@]}" "$work" arrived "$(session 20000 500)" 10
