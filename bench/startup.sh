#!/usr/bin/env bash
# Start-up time and idle memory (QUALITY.md §4: start-up < 300 ms, < 50 MB RSS
# idle): the time from exec of the server to the first 200 on /healthz, and
# its VmRSS 3 s later.
#   - fresh: `verbind demo` on a new directory (creates the keys, migrates,
#     hashes the demo password with argon2 and seeds the demo data);
#   - restart: `verbind demo` on an existing demo directory (what QUALITY's
#     300 ms is about: opening the database, checking migrations, listening).
#     `verbind serve` refuses a demo database, so the restart is measured with
#     `demo`, which on an existing directory does nothing more than serve does.
#
#   bench/startup.sh                 # BENCH_RUNS (10) of each
#   BENCH_DATA=/path/data bench/startup.sh   # restarts on an existing directory only
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need python3; need curl
VERBIND_BIN="$(verbind_bin)"
RUNS="${BENCH_RUNS:-10}"
OUT="$BENCH_OUT/startup.txt"
PY="$BENCH_DIR/first_200.py"
TMPS=()
cleanup() { local d; for d in "${TMPS[@]}"; do rm -rf "$d"; done; }
trap cleanup EXIT

wait_quiet 0.7 240
echo "# $(date -Is) load $(machine_load) binary $VERBIND_BIN" >"$OUT"
if [[ -z "${BENCH_DATA:-}" ]]; then
    for i in $(seq 1 "$RUNS"); do
        d="$(mktemp -d /tmp/verbind-bench-start.XXXXXX)"; TMPS+=("$d")
        r="$(python3 "$PY" "$BENCH_PORT" 3 -- "$VERBIND_BIN" demo --data "$d" --listen "127.0.0.1:$BENCH_PORT")"
        echo "fresh $r" | tee -a "$OUT"
    done
    DATA="${TMPS[0]}"
else
    DATA="$BENCH_DATA"
fi
for i in $(seq 1 "$RUNS"); do
    r="$(python3 "$PY" "$BENCH_PORT" 3 -- "$VERBIND_BIN" demo --data "$DATA" --listen "127.0.0.1:$BENCH_PORT")"
    echo "restart $r" | tee -a "$OUT"
done
python3 - "$OUT" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    if line.startswith("#"):
        continue
    kind, _, rest = line.split(" ", 2)
    kv = dict(x.split("=") for x in rest.split())
    rows.setdefault(kind, []).append((float(kv["ms"]), int(kv["rss_kib"])))
for kind, v in rows.items():
    ms = sorted(x[0] for x in v)
    rss = sorted(x[1] for x in v)
    print(f"{kind}: {len(v)} runs, first 200 after median {statistics.median(ms):.0f} ms "
          f"(min {ms[0]:.0f}, max {ms[-1]:.0f}); VmRSS 3 s later median {statistics.median(rss) / 1024:.1f} MiB (max {rss[-1] / 1024:.1f})")
PY
