#!/usr/bin/env bash
# `verbind audit verify` throughput against `openssl speed sha256`
# (QUALITY.md §4: at least 50%).
#
# The demo's own trail is small (a few hundred entries), so by default the
# script grows it the way production does: it starts `verbind demo` on a fresh
# directory and lets wrk read a case over the API (every read appends a
# `case.read` entry) until the trail holds BENCH_AUDIT_ENTRIES (200000).
# With BENCH_DATA it takes that directory's trail as it is (e.g. national-scale
# data with 2,000,000 entries).
#
# Then, with the server stopped and the database in the page cache, it times
# BENCH_RUNS (5) runs of `verbind audit verify --data DIR`, computes the bytes
# that went into SHA-256 (the chain encoding of every entry, as
# crates/crypto/README.md defines it, and the padded 64-byte blocks the
# compression function ran on), and compares with `openssl speed -seconds 3 sha256`.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need python3; need openssl; need curl
VERBIND_BIN="$(verbind_bin)"
TARGET="${BENCH_AUDIT_ENTRIES:-200000}"
RUNS="${BENCH_RUNS:-5}"
OUT="$BENCH_OUT/audit-verify.txt"

FRESH=""
if [[ -n "${BENCH_DATA:-}" ]]; then
    DATA="$BENCH_DATA"
else
    DATA="$(mktemp -d /tmp/verbind-bench-audit.XXXXXX)"
    FRESH=1
fi
cleanup() { stop_server; [[ -n "$FRESH" && -z "${BENCH_KEEP_DATA:-}" ]] && rm -rf "$DATA"; return 0; }
trap cleanup EXIT

count_entries() {
    python3 -c 'import sqlite3,sys; print(sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True).execute("select count(*) from audit_log").fetchone()[0])' "$DATA/verbind.db"
}

time_verify() { # prints the seconds of one `verbind audit verify`
    local t0 t1
    t0="$(date +%s%N)"
    "$VERBIND_BIN" audit verify --data "$DATA" >>"$OUT" 2>&1 || die "audit verify failed: $(tail -1 "$OUT")"
    t1="$(date +%s%N)"
    awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", (b - a) / 1e9}'
}
: >"$OUT"
if [[ -n "$FRESH" ]]; then
    need wrk
    # The fixed cost of the command (start, opening the database and keys,
    # checking migrations) on the demo's own small trail.
    start_server "$DATA" "$BENCH_OUT/server-audit-seed.log"
    stop_server
    for i in 1 2 3; do echo "SMALL entries=$(count_entries) seconds=$(time_verify)" | tee -a "$OUT"; done
    start_server "$DATA" "$BENCH_OUT/server-audit.log"
    read -r COOKIE CSRF < <(login deskundige)
    accept_ethics "$COOKIE" "$CSRF"
    CASE_ID="$(curl -fsS -H "Cookie: $COOKIE" "http://127.0.0.1:$BENCH_PORT/api/v1/cases" | python3 -c '
import json, sys
d = json.load(sys.stdin)
rows = d if isinstance(d, list) else next(v for v in d.values() if isinstance(v, list))
print(rows[0]["id"])')"
    [[ "$(http_status "$COOKIE" "/api/v1/cases/$CASE_ID")" == 200 ]] || die "cannot read case $CASE_ID"
    n="$(count_entries)"
    while ((n < TARGET)); do
        log "audit trail: $n entries; growing it with case reads towards $TARGET"
        r="$(BENCH_SECONDS=30 run_wrk "audit-grow-$n" "http://127.0.0.1:$BENCH_PORT/api/v1/cases/$CASE_ID" "$COOKIE")"
        only_2xx "$r" || die "growing the trail: not every read succeeded: $r"
        n="$(count_entries)"
    done
    stop_server
fi

ENTRIES="$(count_entries)"
# The bytes hashed: per entry the chain encoding (crates/crypto/src/audit.rs
# chain_hash) and the padded blocks SHA-256 processed for it.
read -r MSG_BYTES BLOCK_BYTES < <(python3 - "$DATA/verbind.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
lp = lambda b: 4 + len(b)
opt = lambda b: 1 if b is None else 1 + lp(b)
enc = lambda s: None if s is None else s.encode()
msg = blocks = 0
for row in db.execute("select tenant_id, actor_user_id, actor_org_id, action, object_type, object_id, outcome, reason, detail from audit_log"):
    t, a, o, act, ot, oi, out, reason, detail = row
    n = lp(b"verbind-audit-v1") + 32 + 8 + 8
    n += opt(enc(t)) + opt(enc(a)) + opt(enc(o)) + lp(act.encode())
    n += opt(enc(ot)) + opt(enc(oi)) + lp(out.encode()) + opt(reason) + opt(enc(detail))
    msg += n
    blocks += (n + 9 + 63) // 64 * 64
print(msg, blocks)
PY
)
DB_BYTES="$(du -cb "$DATA"/verbind.db* | tail -1 | cut -f1)"

wait_quiet 0.7 240
{
    echo "# $(date -Is) load $(machine_load) binary $VERBIND_BIN"
    echo "# data $DATA: $ENTRIES entries; database $DB_BYTES bytes; hashed $MSG_BYTES bytes ($BLOCK_BYTES padded)"
} >>"$OUT"
cat "$DATA"/verbind.db* >/dev/null  # into the page cache
for i in $(seq 1 "$RUNS"); do
    echo "RUN seconds=$(time_verify)" | tee -a "$OUT"
done
echo "# openssl speed -seconds 3 sha256 (load $(machine_load))" >>"$OUT"
openssl speed -seconds 3 sha256 2>/dev/null | tee -a "$OUT" | tail -2

python3 - "$OUT" "$ENTRIES" "$MSG_BYTES" "$BLOCK_BYTES" <<'PY' | tee "$BENCH_OUT/audit-summary.md"
import statistics, sys
lines = open(sys.argv[1]).read().splitlines()
entries, msg, blocks = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
secs = statistics.median(float(l.split("=")[1]) for l in lines if l.startswith("RUN "))
row = next(l for l in lines if l.startswith("sha256 "))
sizes = [16, 64, 256, 1024, 8192, 16384]
figs = dict(zip(sizes, (float(x.rstrip("k")) * 1000 for x in row.split()[1:])))
mb = lambda b: b / 1e6
print(f"- entries: {entries}; median of the runs: {secs:.3f} s = {entries / secs:,.0f} entries/s")
small = [l for l in lines if l.startswith("SMALL ")]
if small:
    fixed = statistics.median(float(l.split("seconds=")[1]) for l in small)
    n_small = int(small[0].split()[1].split("=")[1])
    print(f"- fixed cost (the command on the demo's own {n_small} entries): {fixed:.3f} s; without it: {(entries - n_small) / (secs - fixed):,.0f} entries/s, {mb(msg / entries * (entries - n_small) / (secs - fixed)):.1f} MB/s")
print(f"- message bytes hashed: {msg / entries:.0f} per entry, {mb(msg / secs):.1f} MB/s; padded blocks {mb(blocks / secs):.1f} MB/s")
for s in (256, 1024, 8192):
    print(f"- openssl speed sha256, {s}-byte blocks: {mb(figs[s]):.1f} MB/s; verify = {100 * msg / secs / figs[s]:.1f}% (message bytes), {100 * blocks / secs / figs[s]:.1f}% (padded blocks)")
PY
