#!/usr/bin/env bash
# Login storms (QUALITY.md §4: argon2 storms never push other requests' p99
# over budget): wrk on the case detail page at 64 connections as in
# http_load.sh, first alone, then while bench/login_storm.py posts logins at
# each rate of BENCH_STORM_RATES ("5 10 20" attempts/s; one in four right,
# the rest wrong, each from another loopback address so throttling does not
# spare the argon2 work). Reports the case detail p99 with and without.
#
#   bench/login_storm.sh
#   VERBIND_BIN=... BENCH_DATA=... BENCH_STORM_RATES="10" bench/login_storm.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need wrk; need curl; need python3
VERBIND_BIN="$(verbind_bin)"
RATES="${BENCH_STORM_RATES:-5 10 20}"
STORM_USER="${BENCH_STORM_USER:-vdab}"

FRESH=""
if [[ -n "${BENCH_DATA:-}" ]]; then
    DATA="$BENCH_DATA"
else
    DATA="$(mktemp -d /tmp/verbind-bench-storm.XXXXXX)"
    FRESH=1
fi
STORM_PID=""
cleanup() {
    if [[ -n "$STORM_PID" ]]; then kill "$STORM_PID" 2>/dev/null || true; wait "$STORM_PID" 2>/dev/null || true; fi
    stop_server
    [[ -n "$FRESH" && -z "${BENCH_KEEP_DATA:-}" ]] && rm -rf "$DATA"
    return 0
}
trap cleanup EXIT

start_server "$DATA" "$BENCH_OUT/server-storm.log"
read -r COOKIE CSRF < <(login deskundige)
accept_ethics "$COOKIE" "$CSRF"
read -r CASE_ID CASE_BYTES _ < <(pick_case "$COOKIE")
URL="http://127.0.0.1:$BENCH_PORT/casussen/$CASE_ID"
[[ "$(http_status "$COOKIE" "/casussen/$CASE_ID")" == 200 ]] || die "case detail does not answer 200"
OUT="$BENCH_OUT/login-storm.txt"
echo "# $(date -Is) binary $VERBIND_BIN case /casussen/$CASE_ID ($CASE_BYTES bytes)" >"$OUT"

wait_quiet 0.7 240
r="$(run_wrk storm-none "$URL" "$COOKIE")"
only_2xx "$r" || die "case detail without storm: not all 2xx: $r"
echo "none $r rss_kib=$(rss_kib "$SERVER_PID" VmRSS) hwm_kib=$(rss_kib "$SERVER_PID" VmHWM)" | tee -a "$OUT"

for rate in $RATES; do
    sleep 5
    python3 "$BENCH_DIR/login_storm.py" "$BENCH_PORT" "$rate" "$((BENCH_SECONDS + 4))" "$STORM_USER" \
        >"$BENCH_OUT/storm-$rate.txt" 2>&1 &
    STORM_PID=$!
    sleep 2  # the storm is under way before wrk starts
    r="$(run_wrk "storm-$rate" "$URL" "$COOKIE")"
    wait "$STORM_PID" || true; STORM_PID=""
    s="$(grep '^STORM' "$BENCH_OUT/storm-$rate.txt" || echo "STORM failed: $(tail -1 "$BENCH_OUT/storm-$rate.txt")")"
    valid=yes; only_2xx "$r" || valid=INVALID
    echo "rate=$rate $valid $r rss_kib=$(rss_kib "$SERVER_PID" VmRSS) hwm_kib=$(rss_kib "$SERVER_PID" VmHWM) | $s" | tee -a "$OUT"
done
# What the server keeps after the storms (argon2 takes 19 MiB per verification).
sleep 10
echo "after rss_kib=$(rss_kib "$SERVER_PID" VmRSS) hwm_kib=$(rss_kib "$SERVER_PID" VmHWM) threads=$(awk '/^Threads:/ {print $2}' "/proc/$SERVER_PID/status")" | tee -a "$OUT"
