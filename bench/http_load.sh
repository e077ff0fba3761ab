#!/usr/bin/env bash
# Pages and API under load (QUALITY.md §4), the static-file baseline, and the
# server's memory: wrk at 64 connections, 2 threads, BENCH_SECONDS (25) per
# endpoint, on loopback, against `verbind demo`.
#
#   bench/http_load.sh                      # builds target/release/verbind, fresh demo data
#   VERBIND_BIN=/path/verbind bench/http_load.sh
#   BENCH_DATA=/path/national-data bench/http_load.sh   # an existing demo data dir
#
# Other settings: BENCH_PORT (18100; the static server uses +1),
# BENCH_SECONDS (25), BENCH_OUT (raw outputs), BENCH_ENDPOINTS (space-separated
# names to run a subset), BENCH_STATIC=0 (skip the static baseline).
#
# Every endpoint is first fetched once with curl and must answer 200; every
# wrk run counts the statuses (bench/status.lua) and a run with anything but
# 2xx, or with socket errors, is marked INVALID rather than published.
#
# Needs wrk, curl, python3, and for the baseline nginx (Debian: nginx-light).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

need wrk; need curl; need python3
BENCH_STATIC="${BENCH_STATIC:-1}"
[[ "$BENCH_STATIC" == 0 ]] || need nginx nginx-light
VERBIND_BIN="$(verbind_bin)"
BASE="http://127.0.0.1:$BENCH_PORT"

FRESH=""
if [[ -n "${BENCH_DATA:-}" ]]; then
    DATA="$BENCH_DATA"
    [[ -d "$DATA" ]] || die "BENCH_DATA=$DATA is not a directory"
else
    DATA="$(mktemp -d /tmp/verbind-bench-data.XXXXXX)"
    FRESH=1
fi
NGINX_PID=""
NGINX_DIR=""
cleanup() {
    stop_server
    if [[ -n "$NGINX_PID" ]]; then kill -TERM "$NGINX_PID" 2>/dev/null || true; wait "$NGINX_PID" 2>/dev/null || true; fi
    [[ -n "$NGINX_DIR" ]] && rm -rf "$NGINX_DIR"
    [[ -n "$FRESH" && -z "${BENCH_KEEP_DATA:-}" ]] && rm -rf "$DATA"
    return 0
}
trap cleanup EXIT

log "binary: $VERBIND_BIN ($("$VERBIND_BIN" --version))"
log "data: $DATA${FRESH:+ (fresh)}; outputs: $BENCH_OUT"
{
    echo "date: $(date -Is)"
    echo "binary: $VERBIND_BIN ($("$VERBIND_BIN" --version))"
    echo "machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), $(awk '/MemTotal/ {printf "%.1f GiB RAM", $2/1048576}' /proc/meminfo)"
    echo "kernel: $(uname -r)"
    echo "wrk: $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
    echo "data: ${BENCH_DATA:-fresh demo}"
} >"$BENCH_OUT/machine.txt"

if [[ -n "$FRESH" ]]; then
    # First start seeds the demo data; the measured process is a restart on
    # the existing directory, as in production.
    log "seeding the demo data"
    start_server "$DATA" "$BENCH_OUT/server-seed.log"
    stop_server
fi
wait_quiet 0.7 240
start_server "$DATA" "$BENCH_OUT/server.log"
sleep 3
IDLE_RSS="$(rss_kib "$SERVER_PID" VmRSS)"
log "idle RSS after start-up: ${IDLE_RSS} KiB (pid $SERVER_PID)"

# BENCH_USER: whose pages (default the Sint-Niklaas expert; on national data
# e.g. deskundige-150, the expert of a fictional LIVC-R with more signals).
read -r COOKIE CSRF < <(login "${BENCH_USER:-deskundige}")
accept_ethics "$COOKIE" "$CSRF"

read -r CASE_ID CASE_BYTES NCASES < <(pick_case "$COOKIE")
log "case detail: /casussen/$CASE_ID ($CASE_BYTES bytes, the largest); $NCASES cases in the list"

# name path: what the expert (BENCH_USER) opens; public ones without a cookie.
ENDPOINTS=(
    "dashboard /"
    "case_list /casussen"
    "case_detail /casussen/$CASE_ID"
    "meetings /vergaderingen"
    "signals /signalen"
    "api_cases /api/v1/cases"
    "api_case /api/v1/cases/$CASE_ID"
    "contact_point /aanspreekpunt"
    "healthz /healthz"
)
PUBLIC=" contact_point healthz "
selected() { [[ -z "${BENCH_ENDPOINTS:-}" || " $BENCH_ENDPOINTS " == *" $1 "* ]]; }

# Pages saved for the static baseline.
mkdir -p "$BENCH_OUT/pages"
curl -fsS -H "Cookie: $COOKIE" "$BASE/casussen/$CASE_ID" -o "$BENCH_OUT/pages/case_detail.html"
curl -fsS -H "Cookie: $COOKIE" "$BASE/casussen" -o "$BENCH_OUT/pages/case_list.html"

RESULTS="$BENCH_OUT/results.tsv"
printf 'name\tpath\tbody_bytes\trps\tp50_ms\tp90_ms\tp99_ms\tmax_ms\trequests\tstatuses\tvalid\tserver_cpu\twrk_cpu\tother_cpu\trss_after_kib\thwm_after_kib\tload_before\n' >"$RESULTS"

measure() { # name path cookie-or-empty pid-to-account
    local name="$1" path="$2" cookie="$3" pid="$4"
    local code size
    code="$(curl -sS -o "$BENCH_OUT/pages/$name.body" -w '%{http_code}' ${cookie:+-H "Cookie: $cookie"} "http://127.0.0.1:$PORT_OF_RUN$path")"
    size="$(wc -c <"$BENCH_OUT/pages/$name.body")"
    [[ "$code" == 200 ]] || die "$name $path answered $code before the run"
    local load b0 s0 t0 b1 s1 t1 wrkcpu res
    load="$(machine_load)"
    b0="$(cpu_busy_ticks)"; s0="$(proc_ticks "$pid")"; t0="$(date +%s%N)"
    res="$(run_wrk "$name" "http://127.0.0.1:$PORT_OF_RUN$path" "$cookie")"
    b1="$(cpu_busy_ticks)"; s1="$(proc_ticks "$pid")"; t1="$(date +%s%N)"
    wrkcpu="$(awk '{print ($1 + $2) * 100}' "$BENCH_OUT/time-$name.txt" | tail -1)"
    local secs valid=yes
    secs="$(awk -v a="$t0" -v b="$t1" 'BEGIN {print (b - a) / 1e9}')"
    only_2xx "$res" || valid=INVALID
    local server_cpu wrk_cpu other_cpu
    server_cpu="$(awk -v d="$((s1 - s0))" -v s="$secs" 'BEGIN {printf "%.2f", d / 100 / s}')"
    wrk_cpu="$(awk -v d="$wrkcpu" -v s="$secs" 'BEGIN {printf "%.2f", d / 100 / s}')"
    other_cpu="$(awk -v b="$((b1 - b0))" -v sv="$((s1 - s0))" -v w="$wrkcpu" -v s="$secs" 'BEGIN {o = (b - sv - w) / 100 / s; if (o < 0) o = 0; printf "%.2f", o}')"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
        "$name" "$path" "$size" "$(field "$res" rps)" "$(field "$res" p50_ms)" "$(field "$res" p90_ms)" \
        "$(field "$res" p99_ms)" "$(field "$res" max_ms)" "$(field "$res" requests)" "$(field "$res" statuses)" \
        "$valid" "$server_cpu" "$wrk_cpu" "$other_cpu" "$(rss_kib "$pid" VmRSS)" "$(rss_kib "$pid" VmHWM)" "$load" >>"$RESULTS"
    log "$name: $res ($valid; server ${server_cpu} cores, wrk ${wrk_cpu}, other ${other_cpu})"
}

PORT_OF_RUN="$BENCH_PORT"
for e in "${ENDPOINTS[@]}"; do
    read -r name path <<<"$e"
    selected "$name" || continue
    if [[ "$PUBLIC" == *" $name "* ]]; then
        measure "$name" "$path" "" "$SERVER_PID"
    else
        measure "$name" "$path" "$COOKIE" "$SERVER_PID"
    fi
done
PEAK_HWM="$(rss_kib "$SERVER_PID" VmHWM)"
END_RSS="$(rss_kib "$SERVER_PID" VmRSS)"
stop_server

# The static baseline: nginx (Debian nginx-light) serving the same bytes.
if [[ "$BENCH_STATIC" != 0 ]]; then
    NGINX_DIR="$(mktemp -d /tmp/verbind-bench-nginx.XXXXXX)"
    chmod 755 "$NGINX_DIR"  # nginx's workers run as nobody
    mkdir -p "$NGINX_DIR/www" "$NGINX_DIR/tmp"
    cp "$BENCH_OUT/pages/case_detail.html" "$NGINX_DIR/www/case_detail.html"
    cp "$BENCH_OUT/pages/case_list.html" "$NGINX_DIR/www/case_list.html"
    cat >"$NGINX_DIR/nginx.conf" <<CONF
# The static-file baseline: nginx as Debian ships it, one worker per core,
# no access log (the strongest baseline, so the ratio errs against Verbind),
# keep-alive without a request limit (as Verbind's server).
daemon off;
worker_processes auto;
pid $NGINX_DIR/nginx.pid;
error_log $NGINX_DIR/error.log warn;
events { worker_connections 1024; }
http {
    include /etc/nginx/mime.types;
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    keepalive_timeout 65;
    client_body_temp_path $NGINX_DIR/tmp;
    proxy_temp_path $NGINX_DIR/tmp;
    fastcgi_temp_path $NGINX_DIR/tmp;
    uwsgi_temp_path $NGINX_DIR/tmp;
    scgi_temp_path $NGINX_DIR/tmp;
    server {
        listen 127.0.0.1:$((BENCH_PORT + 1));
        root $NGINX_DIR/www;
    }
}
CONF
    nginx -p "$NGINX_DIR" -c "$NGINX_DIR/nginx.conf" &
    NGINX_PID=$!
    for _ in $(seq 1 50); do curl -fsS -o /dev/null "http://127.0.0.1:$((BENCH_PORT + 1))/case_list.html" 2>/dev/null && break; sleep 0.1; done
    PORT_OF_RUN=$((BENCH_PORT + 1))
    # nginx's CPU: the master and its workers (proc_ticks sums them).
    measure static_case_detail /case_detail.html "" "$NGINX_PID"
    measure static_case_list /case_list.html "" "$NGINX_PID"
    kill -TERM "$NGINX_PID" 2>/dev/null || true; wait "$NGINX_PID" 2>/dev/null || true; NGINX_PID=""
fi

# Summary.
python3 - "$RESULTS" "$IDLE_RSS" "$PEAK_HWM" "$END_RSS" <<'PY' | tee "$BENCH_OUT/summary.md"
import csv, sys
rows = {r["name"]: r for r in csv.DictReader(open(sys.argv[1]), delimiter="\t")}
idle, hwm, end = (int(x) for x in sys.argv[2:5])
print("| endpoint | body bytes | req/s | p50 ms | p90 ms | p99 ms | max ms | statuses | server CPU | wrk CPU | other CPU |")
print("|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|")
for r in rows.values():
    flag = "" if r["valid"] == "yes" else " **INVALID**"
    print(f"| `{r['path']}`{flag} | {r['body_bytes']} | {float(r['rps']):.0f} | {r['p50_ms']} | {r['p90_ms']} | {r['p99_ms']} | {r['max_ms']} | {r['statuses']} | {r['server_cpu']} | {r['wrk_cpu']} | {r['other_cpu']} |")
print()
for page in ("case_detail", "case_list"):
    if page in rows and "static_" + page in rows:
        v, s = float(rows[page]["rps"]), float(rows["static_" + page]["rps"])
        print(f"- {page}: {v:.0f} req/s vs static {s:.0f} req/s = {100 * v / s:.1f}% (budget >= 25%)")
print(f"- RSS idle after start-up: {idle / 1024:.1f} MiB; after the runs: {end / 1024:.1f} MiB; peak (VmHWM): {hwm / 1024:.1f} MiB")
PY
log "raw outputs in $BENCH_OUT"
