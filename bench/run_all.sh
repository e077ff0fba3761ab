#!/usr/bin/env bash
# All the QUALITY.md §4 load benchmarks in one go, outputs in one directory:
# pages and API under load with the static baseline and memory
# (http_load.sh), start-up (startup.sh), `audit verify` throughput
# (audit_verify.sh) and login storms (login_storm.sh). Takes about 15 minutes.
#
#   VERBIND_BIN=/path/verbind bench/run_all.sh
#   BENCH_DATA=/path/national-data VERBIND_BIN=... bench/run_all.sh
#
# Run it on an otherwise idle machine: each script waits (at most
# BENCH_QUIET_WAIT s) for the load average to drop and records it, and
# http_load.sh reports per run how much CPU went to anything else.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export BENCH_OUT="${BENCH_OUT:-/tmp/verbind-bench-$(date +%Y%m%d-%H%M%S)}"
source "$here/lib.sh"
export VERBIND_BIN="$(verbind_bin)"
"$here/http_load.sh"
"$here/startup.sh"
"$here/audit_verify.sh"
"$here/login_storm.sh"
log "all outputs in $BENCH_OUT"
