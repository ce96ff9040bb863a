#!/usr/bin/env bash
# Search benchmark: the JSON API (/api/v1/search) and the HTML page (/search) under wrk, 2 threads
# and 16 connections, with the weighted query mix of queries.txt (common words, two words, rare
# words, tag and kind filters, accented words, Chinese and Japanese, prefixes), on SQLite and/or
# PostgreSQL, over a demo organization with 1,000,000 knowledge posts.
#
# Usage: bench/search/run.sh [--members N] [--posts N] [--duration SECONDS] [--backend sqlite|postgres|both] [--fresh]
#   defaults: 100000 members, 1000000 posts, 20 s per endpoint, both backends.
# The loaded demo is cached between runs (it takes minutes to load): a SQLite file under
# $GROVE_BENCH_CACHE (default ~/.cache/grove-bench) and a PostgreSQL database
# grove_bs_<key>, keyed by size and by the git trees of the demo generator and the
# migrations. --fresh loads again. Environment as bench/web/run.sh: GROVE_BENCH_BIN, GROVE_BENCH_PG.
# Exits non-zero if a query of the mix finds nothing, or any measured request got a non-2xx answer.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
BENCH="$ROOT/bench/search"
WEB="$ROOT/bench/web"

MEMBERS=100000
POSTS=1000000
DURATION=20
BACKEND=both
FRESH=""
# A new server builds its caches (the member directory, the network graph: about 7 s for the
# 1,000,000-post demo) and, on SQLite, maps into its memory the pages of the database file it
# reads: 10 s after start the API run gave p99 30.5-30.8 ms on SQLite, 14.3-18.0 ms after 40 s
# (2026-11-27). The first endpoint measured, the API, is measured once that has settled.
WARMUP=30
THREADS=2
CONNECTIONS=16
while [ $# -gt 0 ]; do
  case "$1" in
    --members) MEMBERS=$2; shift 2 ;;
    --posts) POSTS=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --backend) BACKEND=$2; shift 2 ;;
    --fresh) FRESH=1; shift ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
case "$BACKEND" in
  sqlite) BACKENDS=(sqlite) ;;
  postgres) BACKENDS=(postgres) ;;
  both) BACKENDS=(sqlite postgres) ;;
  *) echo "--backend is sqlite, postgres or both" >&2; exit 2 ;;
esac
. "$WEB/lib.sh"

bench_tools
bench_grove
bench_workdir search

CACHE="${GROVE_BENCH_CACHE:-$HOME/.cache/grove-bench}"
mkdir -p "$CACHE"
tree() { git rev-parse --short=10 "HEAD:$1" 2>/dev/null || echo nogit; }
KEY="m${MEMBERS}_p${POSTS}_s1_$(tree crates/grove/src/demo)_$(tree crates/grove-demo/src)_$(tree crates/grove/src/db/migrations)"

machine_line
echo "members $MEMBERS, posts $POSTS, $DURATION s per endpoint after a $WARMUP s warm-up, wrk -t$THREADS -c$CONNECTIONS, backends: ${BACKENDS[*]}"
echo "cache key $KEY"

declare -A ROW
FAILED=0

for backend in "${BACKENDS[@]}"; do
  if [ "$backend" = sqlite ]; then
    FILE="$CACHE/search_$KEY.db"
    [ -n "$FRESH" ] && rm -f "$FILE" "$FILE-wal" "$FILE-shm"
    URL="sqlite://$FILE"
    CACHED=$([ -s "$FILE" ] && echo 1 || true)
  else
    pg_start
    # The whole key (PostgreSQL names hold 63 characters): a change of migrations loads anew.
    DB="grove_bs_$(tr -c 'a-z0-9_\n' _ <<<"${KEY,,}" | cut -c1-54)"
    [ -n "$FRESH" ] && psql "$PG_SERVER/postgres" -q -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null
    CACHED=$(psql "$PG_SERVER/postgres" -tAq -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")
    [ -n "$CACHED" ] || psql "$PG_SERVER/postgres" -q -c "CREATE DATABASE $DB" >/dev/null
    URL="$PG_SERVER/$DB"
  fi

  if [ -n "$CACHED" ]; then
    log "$backend: reusing the cached demo ($MEMBERS members, $POSTS posts)"
  else
    log "$backend: loading the demo organization ($MEMBERS members, $POSTS posts)"
  fi
  t0=$(now)
  # On a cached database this only prints the sign-ins.
  if ! "$GROVE" --database-url "$URL" demo --members "$MEMBERS" --posts "$POSTS" --seed 1 >"$WORK/demo-$backend.log" 2>&1; then
    cat "$WORK/demo-$backend.log"
    if [ "$backend" = sqlite ]; then rm -f "$FILE" "$FILE-wal" "$FILE-shm"; else
      psql "$PG_SERVER/postgres" -q -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null; fi
    die "$backend: demo load failed"
  fi
  if grep -q "demo organization loaded" "$WORK/demo-$backend.log"; then
    LOAD_S=$(elapsed "$t0" "$(now)")
    echo "demo loaded in $LOAD_S s"
    grep -o "demo organization loaded.*" "$WORK/demo-$backend.log" || true
  else
    LOAD_S="cached"
  fi
  [ "$backend" = sqlite ] && echo "database size: $(du -ch "$FILE"* | tail -1 | cut -f1)"
  [ "$backend" = postgres ] && echo "database size: $(psql "$PG_SERVER/postgres" -tAq -c "SELECT pg_size_pretty(pg_database_size('$DB'))")"
  EMAIL=$(demo_member_email "$WORK/demo-$backend.log")
  [ -n "$EMAIL" ] || { cat "$WORK/demo-$backend.log"; die "no demo sign-in printed"; }

  start_server "$URL" "$WORK/serve-$backend.log"
  SESSION=$(sign_in "$EMAIL")
  [ -n "$SESSION" ] || die "$backend: sign-in as $EMAIL failed"
  COOKIE="Cookie: grove_session=$SESSION"
  echo "signed in as $EMAIL (member role)"

  code=$(curl -s -o /dev/null -w '%{http_code}' -H "$COOKIE" "$BASE/api/v1/search?q=team")
  [ "$code" != 404 ] || die "$backend: GET /api/v1/search answered 404: this build has no search endpoint yet"

  log "$backend: every query of the mix finds something (one request each, cold)"
  python3 "$BENCH/check.py" "$BASE" "$COOKIE" || { FAILED=1; echo "some queries failed (see above)"; }

  export GROVE_BENCH_LUA="$WEB" GROVE_BENCH_SEARCH="$BENCH"
  for endpoint in api page; do
    if [ "$endpoint" = api ]; then GROVE_BENCH_SEARCH_PATH=/api/v1/search; else GROVE_BENCH_SEARCH_PATH=/search; fi
    export GROVE_BENCH_SEARCH_PATH GROVE_BENCH_LABEL="search-$endpoint"
    log "$backend: $GROVE_BENCH_SEARCH_PATH (warm-up $WARMUP s, then $DURATION s)"
    if ! wrk_measure "$BENCH/search.lua" "$COOKIE"; then
      tail -20 "$WORK/serve-$backend.log" >&2
      FAILED=1
    fi
    ROW[$backend.$endpoint]="$(field "$RES" p50_ms) | $(field "$RES" p99_ms) | $(field "$RES" rps)"
  done
  echo "load during the run:$(uptime | sed 's/.*load average://')"

  log "$backend: single-request times (idle server, median of 5)"
  while IFS=$'\t' read -r _ kind query; do
    query=${query//\?/2}
    printf '  %8.1f ms  %-9s /api/v1/search?%s\n' "$(median_ms "$COOKIE" "/api/v1/search?$query")" "$kind" "$query"
  done < <(grep -v '^#' "$BENCH/queries.txt")

  stop_server
  ROW[$backend.load]=$LOAD_S
done

log "results ($MEMBERS members, $POSTS posts, wrk -t$THREADS -c$CONNECTIONS, $DURATION s; aim: p99 < 30 ms)"
echo "| backend | demo load (s) | API p50 (ms) | API p99 (ms) | API req/s | page p50 (ms) | page p99 (ms) | page req/s |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
for backend in "${BACKENDS[@]}"; do
  echo "| $backend | ${ROW[$backend.load]} | ${ROW[$backend.api]} | ${ROW[$backend.page]} |"
done
echo "load at end:$(uptime | sed 's/.*load average://')"
[ "$FAILED" -eq 0 ] || die "some queries found nothing or some requests were not answered 2xx (see above)"
