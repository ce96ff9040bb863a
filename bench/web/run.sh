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
PG_SERVER="${GROVE_BENCH_PG:-postgres://postgres@127.0.0.1}"
PG_DB="grove_bench_web_$$"

log() { printf '\n== %s\n' "$*"; }
die() { printf '\nFAIL: %s\n' "$*" >&2; exit 1; }

if ! command -v wrk >/dev/null; then
  log "installing wrk"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get install -y wrk >/dev/null || { $SUDO apt-get update >/dev/null && $SUDO apt-get install -y wrk >/dev/null; }
fi
for tool in wrk curl jq; do command -v $tool >/dev/null || die "$tool is required"; done

if [ -n "${GROVE_BENCH_BIN:-}" ]; then
  GROVE=$GROVE_BENCH_BIN
  log "using prebuilt $GROVE (GROVE_BENCH_BIN), not building"
else
  log "building grove (release)"
  cargo build --release -q -p grove
  GROVE="${CARGO_TARGET_DIR:-$ROOT/target}/release/grove"
fi

WORK=$(mktemp -d -t grove-bench-web.XXXXXX)
SERVER_PID=""
PG_CREATED=""
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [ -n "$PG_CREATED" ]; then
    psql "$PG_SERVER/postgres" -q -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# Field value from a RESULT line printed by common.lua's done().
field() { sed -n "s/.*[ ]$2=\([^ ]*\).*/\1/p" <<<"$1"; }

echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2/1048576 }' /proc/meminfo); load at start:$(uptime | sed 's/.*load average://')"
echo "members $MEMBERS, $DURATION s per page after a $WARMUP s warm-up, wrk -t$THREADS -c$CONNECTIONS, backends: ${BACKENDS[*]}"

declare -A ROW
FAILED=0

for backend in "${BACKENDS[@]}"; do
  log "$backend: fresh database"
  if [ "$backend" = sqlite ]; then
    URL="sqlite://$WORK/grove.db"
  else
    if ! pg_isready -q -h 127.0.0.1; then
      pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start
      for _ in $(seq 50); do pg_isready -q -h 127.0.0.1 && break; sleep 0.2; done
    fi
    psql "$PG_SERVER/postgres" -q -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null 2>&1
    psql "$PG_SERVER/postgres" -q -c "CREATE DATABASE $PG_DB" >/dev/null
    PG_CREATED=1
    URL="$PG_SERVER/$PG_DB"
  fi

  log "$backend: loading the demo organization ($MEMBERS members)"
  t0=$(now)
  "$GROVE" --database-url "$URL" demo --members "$MEMBERS" --seed 1 >"$WORK/demo-$backend.log" 2>&1 \
    || { cat "$WORK/demo-$backend.log"; die "$backend: demo load failed"; }
  LOAD_S=$(elapsed "$t0" "$(now)")
  echo "demo loaded in $LOAD_S s"
  EMAIL=$(awk '$1 == "member" { print $2 }' "$WORK/demo-$backend.log" | tail -1)
  [ -n "$EMAIL" ] || { cat "$WORK/demo-$backend.log"; die "no demo sign-in printed"; }

  PORT=$(free_port)
  BASE="http://127.0.0.1:$PORT"
  "$GROVE" --database-url "$URL" serve --bind "127.0.0.1:$PORT" >"$WORK/serve-$backend.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 600); do
    [ "$(curl -s --max-time 1 "$BASE/healthz" || true)" = ok ] && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/serve-$backend.log"; die "server exited"; }
    sleep 0.1
  done
  [ "$(curl -s --max-time 1 "$BASE/healthz" || true)" = ok ] || die "server not ready after 60 s"
  # The directory's in-memory index builds in the background from start-up (the directory is
  # answered through SQL until then): wait for it and show how long it took.
  for _ in $(seq 600); do
    grep -q "directory index built" "$WORK/serve-$backend.log" && break
    sleep 0.1
  done
  grep -m1 -o "directory index built.*" "$WORK/serve-$backend.log" || echo "directory index not built after 60 s"

  SESSION=$(curl -s -o /dev/null -D - -H 'Content-Type: application/json' \
      -d "{\"email\": \"$EMAIL\", \"password\": \"grove-demo-password\"}" "$BASE/api/v1/session" \
    | sed -n 's/^[Ss]et-[Cc]ookie: grove_session=\([^;]*\).*/\1/p' | tr -d '\r' | head -1)
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
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" --timeout 30s -s "$BENCH/$page.lua" -H "$COOKIE" "$BASE" >/dev/null
    OUT=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 30s -s "$BENCH/$page.lua" -H "$COOKIE" "$BASE")
    grep -v '^RESULT' <<<"$OUT"
    RES=$(grep '^RESULT' <<<"$OUT") || { echo "$OUT"; die "wrk printed no result"; }
    bad=$(( $(field "$RES" non2xx) + $(field "$RES" socket_errors) ))
    if [ "$bad" -ne 0 ]; then
      printf '\n!!!!! %s %s: %s non-2xx answers or socket errors (must be 0) !!!!!\n' "$backend" "$page" "$bad" >&2
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
    times=$(for _ in 1 2 3 4 5; do curl -s -o /dev/null -w '%{time_total}\n' -H "$COOKIE" "$BASE$path"; done | sort -n)
    printf '  %8.1f ms  %s\n' "$(sed -n 3p <<<"$times" | awk '{ print $1 * 1000 }')" "$path"
  done

  kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
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
