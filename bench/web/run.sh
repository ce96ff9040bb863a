#!/usr/bin/env bash
# Web load benchmark: the directory (/people with a rotating mix of searches and filters) and
# profile pages (/people/{id}) under wrk, 2 threads and 64 connections, on SQLite and/or
# PostgreSQL, each with a freshly loaded demo organization.
#
# Usage: bench/web/run.sh [--members N] [--duration SECONDS] [--backend sqlite|postgres|both]
#   defaults: 100000 members, 20 s per page, both backends.
# Environment: GROVE_BENCH_BIN=path skips the build and measures that binary;
# GROVE_BENCH_PG (default postgres://postgres@127.0.0.1) is the PostgreSQL server, where a
# database grove_bench_web_<pid> is created and dropped at the end.
# Exits non-zero if any measured request got a non-2xx answer or a socket error.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
BENCH="$ROOT/bench/web"

MEMBERS=100000
DURATION=20
BACKEND=both
WARMUP=5
THREADS=2
CONNECTIONS=64
while [ $# -gt 0 ]; do
  case "$1" in
    --members) MEMBERS=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --backend) BACKEND=$2; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
case "$BACKEND" in
  sqlite) BACKENDS=(sqlite) ;;
  postgres) BACKENDS=(postgres) ;;
  both) BACKENDS=(sqlite postgres) ;;
  *) echo "--backend is sqlite, postgres or both" >&2; exit 2 ;;
esac
PG_DB="grove_bench_web_$$"
. "$BENCH/lib.sh"

bench_tools
bench_grove
bench_workdir web

machine_line
echo "members $MEMBERS, $DURATION s per page after a $WARMUP s warm-up, wrk -t$THREADS -c$CONNECTIONS, backends: ${BACKENDS[*]}"

declare -A ROW
FAILED=0

for backend in "${BACKENDS[@]}"; do
  log "$backend: fresh database"
  if [ "$backend" = sqlite ]; then
    URL="sqlite://$WORK/grove.db"
  else
    pg_start
    pg_fresh "$PG_DB"
    URL="$PG_SERVER/$PG_DB"
  fi

  log "$backend: loading the demo organization ($MEMBERS members)"
  t0=$(now)
  "$GROVE" --database-url "$URL" demo --members "$MEMBERS" --seed 1 >"$WORK/demo-$backend.log" 2>&1 \
    || { cat "$WORK/demo-$backend.log"; die "$backend: demo load failed"; }
  LOAD_S=$(elapsed "$t0" "$(now)")
  echo "demo loaded in $LOAD_S s"
  EMAIL=$(demo_member_email "$WORK/demo-$backend.log")
  [ -n "$EMAIL" ] || { cat "$WORK/demo-$backend.log"; die "no demo sign-in printed"; }

  start_server "$URL" "$WORK/serve-$backend.log"
  # The directory's in-memory index builds in the background from start-up (the directory is
  # answered through SQL until then): wait for it and show how long it took.
  for _ in $(seq 600); do
    grep -q "directory index built" "$WORK/serve-$backend.log" && break
    sleep 0.1
  done
  grep -m1 -o "directory index built.*" "$WORK/serve-$backend.log" || echo "directory index not built after 60 s"

  SESSION=$(sign_in "$EMAIL")
  [ -n "$SESSION" ] || die "$backend: sign-in as $EMAIL failed"
  COOKIE="Cookie: grove_session=$SESSION"
  echo "signed in as $EMAIL (member role)"

  # Skill names and department ids from the running instance, for directory.lua.
  SKILLS_JSON=$(curl -sf -H "$COOKIE" "$BASE/api/v1/skills") || die "GET /api/v1/skills failed"
  DEPTS_JSON=$(curl -sf -H "$COOKIE" "$BASE/api/v1/departments") || die "GET /api/v1/departments failed"
  {
    echo "return {"
    echo "  skills = { $(jq -r '[.[] | select(.members > 0) | .name | @json] | join(", ")' <<<"$SKILLS_JSON") },"
    echo "  departments = { $(jq -r '[.[] | .id] | join(", ")' <<<"$DEPTS_JSON") },"
    echo "}"
  } >"$WORK/data.lua"
  echo "$(jq '[.[] | select(.members > 0)] | length' <<<"$SKILLS_JSON") skills, $(jq length <<<"$DEPTS_JSON") departments"

  for path in "/people?q=oliver" "/people/1" "/people/$MEMBERS"; do
    code=$(curl -s -o /dev/null -w '%{http_code}' -H "$COOKIE" "$BASE$path")
    [ "$code" = 200 ] || die "$backend: GET $path answered $code"
  done

  export GROVE_BENCH_LUA="$BENCH" GROVE_BENCH_DATA="$WORK/data.lua" GROVE_BENCH_MEMBERS="$MEMBERS"
  for page in directory profiles; do
    log "$backend: $page (warm-up $WARMUP s, then $DURATION s)"
    if ! wrk_measure "$BENCH/$page.lua" "$COOKIE"; then
      tail -20 "$WORK/serve-$backend.log" >&2
      FAILED=1
    fi
    ROW[$backend.$page]="$(field "$RES" p50_ms) | $(field "$RES" p99_ms) | $(field "$RES" rps)"
  done
  echo "load during the run:$(uptime | sed 's/.*load average://')"

  # Each kind of directory query alone on the idle server: median of 5 sequential requests.
  log "$backend: single-request times (idle server, median of 5)"
  SKILL=$(jq -r '[.[] | select(.members > 0)] | sort_by(-.members) | .[0].name | @uri' <<<"$SKILLS_JSON")
  DEPT=$(jq -r '.[0].id' <<<"$DEPTS_JSON")
  for path in "/people" "/people?page=50" "/people?q=oliver" "/people?q=chen" "/people?q=joao" \
      "/people?q=priya+eng" "/people?q=eng" "/people?q=senior&page=10" "/people?department_id=$DEPT&page=20" \
      "/people?skill=$SKILL&min_level=4" "/people?skill=$SKILL&min_level=4&location=Lisbon%2C+Portugal" \
      "/people?language=Portuguese" "/people?language=English&page=10" "/people?location=Lisbon%2C+Portugal" \
      "/people?can_mentor=true&page=20" "/people?department_id=$DEPT&can_mentor=true" \
      "/people/1" "/people/$((MEMBERS / 2))"; do
    printf '  %8.1f ms  %s\n' "$(median_ms "$COOKIE" "$path")" "$path"
  done

  stop_server
  if [ "$backend" = postgres ]; then
    psql "$PG_SERVER/postgres" -q -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null; PG_CREATED=""
  fi
  ROW[$backend.load]=$LOAD_S
done

log "results ($MEMBERS members, wrk -t$THREADS -c$CONNECTIONS, $DURATION s; aim: p99 < 50 ms)"
echo "| backend | demo load (s) | directory p50 (ms) | directory p99 (ms) | directory req/s | profile p50 (ms) | profile p99 (ms) | profile req/s |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
for backend in "${BACKENDS[@]}"; do
  echo "| $backend | ${ROW[$backend.load]} | ${ROW[$backend.directory]} | ${ROW[$backend.profiles]} |"
done
echo "load at end:$(uptime | sed 's/.*load average://')"
[ "$FAILED" -eq 0 ] || die "some requests were not answered 2xx (see above)"
