# Shared helpers of the Verbind load benchmarks (sourced, not run).
#
# Needs: bash, curl, python3, wrk (Debian: apt-get install -y wrk).
# Settings (environment):
#   VERBIND_BIN   the release binary to measure; default: build it with
#                 `cargo build --release -p verbind` in this repository and
#                 take target/release/verbind.
#   BENCH_PORT    port of the server under test (default 18100).
#   BENCH_DATA    an existing demo data directory (e.g. one made by
#                 `verbind demo --scale national`); default: a fresh temporary
#                 directory, seeded by `verbind demo` and deleted at the end.
#   BENCH_OUT     directory for the raw outputs (default /tmp/verbind-bench-<time>).
#   BENCH_QUIET_WAIT  seconds to wait at most for the load average to drop
#                 before measuring (default 240; the load is recorded either way).

set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$BENCH_DIR/.." && pwd)"
BENCH_PORT="${BENCH_PORT:-18100}"
BENCH_OUT="${BENCH_OUT:-/tmp/verbind-bench-$(date +%Y%m%d-%H%M%S)}"
DEMO_PASSWORD="verbind-demo"
mkdir -p "$BENCH_OUT"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

need() {
    command -v "$1" >/dev/null 2>&1 || die "$1 is missing (Debian: apt-get install -y ${2:-$1})"
}

# The binary under test, built when not given.
verbind_bin() {
    if [[ -n "${VERBIND_BIN:-}" ]]; then
        [[ -x "$VERBIND_BIN" ]] || die "VERBIND_BIN=$VERBIND_BIN is not executable"
    else
        log "building the release binary in $REPO_DIR"
        (cd "$REPO_DIR" && cargo build --release -p verbind >&2)
        VERBIND_BIN="$REPO_DIR/target/release/verbind"
    fi
    echo "$VERBIND_BIN"
}

# The load of the machine, to note with every figure (2 cores: anything else
# running distorts the figures).
machine_load() { cut -d' ' -f1-3 /proc/loadavg; }

# Waits until the load average (1 min) is below $1 (default 0.5), at most $2 s.
wait_quiet() {
    local max="${1:-0.5}" limit="${BENCH_QUIET_WAIT:-${2:-300}}" waited=0
    while awk -v m="$max" '{exit !($1 >= m)}' /proc/loadavg; do
        ((waited >= limit)) && { log "load still $(machine_load) after ${limit}s; measuring anyway"; return 0; }
        ((waited == 0)) && log "waiting for the machine to be quiet (load $(machine_load))"
        sleep 5; waited=$((waited + 5))
    done
}

SERVER_PID=""
# start_server DATA_DIR LOGFILE: `verbind demo` on DATA_DIR (seeds it when it
# is new), waits for /healthz. Sets SERVER_PID.
start_server() {
    local data="$1" logf="$2"
    "$VERBIND_BIN" demo --data "$data" --listen "127.0.0.1:$BENCH_PORT" >"$logf" 2>&1 &
    SERVER_PID=$!
    local i
    for i in $(seq 1 600); do
        if curl -fsS -o /dev/null "http://127.0.0.1:$BENCH_PORT/healthz" 2>/dev/null; then
            return 0
        fi
        kill -0 "$SERVER_PID" 2>/dev/null || { cat "$logf" >&2; die "the server exited"; }
        sleep 0.1
    done
    die "the server did not answer /healthz within 60 s"
}

stop_server() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    SERVER_PID=""
}

# rss_kib PID FIELD: VmRSS or VmHWM of a process, in KiB.
rss_kib() { awk -v f="$2:" '$1 == f {print $2}' "/proc/$1/status"; }

# login USER: logs in over the JSON API and prints "COOKIE CSRF", where
# COOKIE is the `name=value` of the session cookie the server set.
login() {
    local user="$1" hdr body
    hdr="$(mktemp)"
    body="$(curl -sS -D "$hdr" -H 'Content-Type: application/json' \
        --data "{\"username\":\"$user\",\"password\":\"$DEMO_PASSWORD\"}" \
        "http://127.0.0.1:$BENCH_PORT/api/v1/session")"
    local status cookie csrf
    status="$(awk 'NR==1 {print $2}' "$hdr")"
    [[ "$status" == 200 ]] || { cat "$hdr" >&2; echo "$body" >&2; rm -f "$hdr"; die "login of $user: HTTP $status"; }
    # The server sets `__Host-verbind=<token>; Secure; HttpOnly; SameSite=Strict; Path=/`
    # even over plain http; a browser would keep a Secure cookie only from an
    # https origin or localhost. wrk gets it as a plain Cookie header.
    cookie="$(tr -d '\r' <"$hdr" | sed -n 's/^[Ss]et-[Cc]ookie: *\(__Host-verbind=[^;]*\).*/\1/p' | head -1)"
    rm -f "$hdr"
    [[ -n "$cookie" ]] || die "login of $user: no session cookie"
    csrf="$(python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])' <<<"$body")"
    echo "$cookie $csrf"
}

# accept_ethics COOKIE CSRF: accepts the code of ethics in force with the
# page's own form (POST /deontologie), as a user who opens cases must.
accept_ethics() {
    local cookie="$1" csrf="$2" code
    code="$(curl -sS -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" \
        --data-urlencode "csrf=$csrf" "http://127.0.0.1:$BENCH_PORT/deontologie")"
    [[ "$code" == 303 || "$code" == 302 || "$code" == 200 ]] || die "accepting the code of ethics: HTTP $code"
}

# http_status COOKIE PATH: the status of one GET, without following redirects.
http_status() {
    curl -sS -o /dev/null -w '%{http_code}' -H "Cookie: $1" "http://127.0.0.1:$BENCH_PORT$2"
}

# run_wrk NAME URL [COOKIE]: wrk with the standard settings (64 connections,
# 2 threads, BENCH_SECONDS, --latency) and status counting; the full output
# goes to $BENCH_OUT/wrk-NAME.txt; prints the RESULT line.
BENCH_SECONDS="${BENCH_SECONDS:-25}"
run_wrk() {
    local name="$1" url="$2" cookie="${3:-}" out="$BENCH_OUT/wrk-$1.txt"
    local args=(-t2 -c64 -d"${BENCH_SECONDS}s" --latency --timeout 10s -s "$BENCH_DIR/status.lua")
    [[ -n "$cookie" ]] && args+=(-H "Cookie: $cookie")
    { echo "# $(date -Is) load $(machine_load)"; echo "# wrk ${args[*]} $url" | sed 's/__Host-verbind=[^ ]*/__Host-verbind=<session>/'; } >"$out"
    # /usr/bin/time: the load generator's own CPU time, to account for the
    # cores it takes from the server.
    /usr/bin/time -f '%U %S' -o "$BENCH_OUT/time-$name.txt" wrk "${args[@]}" "$url" >>"$out" 2>&1
    grep '^RESULT' "$out" || die "wrk gave no result for $name (see $out)"
}

# only_2xx RESULT_LINE: true when every response was 2xx and no socket errors.
only_2xx() {
    local statuses errors
    statuses="$(sed -n 's/.*statuses=\([^ ]*\).*/\1/p' <<<"$1")"
    errors="$(sed -n 's/.* errors=\([0-9]*\).*/\1/p' <<<"$1")"
    [[ -n "$statuses" && "$errors" == 0 ]] || return 1
    local s
    for s in ${statuses//,/ }; do
        [[ "${s%%:*}" == 2?? ]] || return 1
    done
}

# field RESULT_LINE KEY: one value of a RESULT line.
field() { sed -n "s/.*[ ]$2=\([^ ]*\).*/\1/p" <<<"$1"; }

# CPU accounting over a run, in clock ticks: the machine's busy time (all
# cores) and one process's user+system time. A run where the machine was busy
# with more than the server and the load generator is visible in the output.
cpu_busy_ticks() { awk '$1 == "cpu" {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }
# proc_ticks PID: user+system ticks of PID (all its threads) and of its
# direct children (nginx's workers).
proc_ticks() {
    local total=0 p t
    for p in "$1" $(cat "/proc/$1/task/"*/children 2>/dev/null); do
        t="$(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0)"
        total=$((total + t))
    done
    echo "$total"
}

# pick_case COOKIE: prints "ID BYTES NCASES": the case with the largest
# detail page among (the first 20 of) the cases this session sees, so that
# figures are for the heaviest demo case rather than the lightest.
pick_case() {
    local cookie="$1" ids id size best=0 pick=""
    ids="$(curl -fsS -H "Cookie: $cookie" "http://127.0.0.1:$BENCH_PORT/api/v1/cases" | python3 -c '
import json, sys
d = json.load(sys.stdin)
rows = d if isinstance(d, list) else next(v for v in d.values() if isinstance(v, list))
print(" ".join(r["id"] for r in rows))')"
    [[ -n "$ids" ]] || die "this session sees no cases"
    for id in $(tr ' ' '\n' <<<"$ids" | head -20); do
        size="$(curl -fsS -H "Cookie: $cookie" "http://127.0.0.1:$BENCH_PORT/casussen/$id" | wc -c)"
        if ((size > best)); then best=$size; pick=$id; fi
    done
    echo "$pick $best $(wc -w <<<"$ids")"
}
