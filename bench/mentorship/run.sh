#!/usr/bin/env bash
# Mentorship matching end to end, as a lead does it: a demo organization whose open program has
# a tenth of the members enrolled as mentees and a fiftieth as mentors (100,000 members: 10,000
# mentees and 2,000 mentors taking up to 5 each), enrollment closed, then "Run matching" three
# times (load enrollments and profiles from the database, build the candidates, score, solve,
# explain, store every pair with its breakdown) and "Publish" once (10,000 relationships and
# 20,000 notifications). Aim: a run under 5 s.
#
# Usage: bench/mentorship/run.sh [--members N] [--backend sqlite|postgres|both]
# Environment: GROVE_BENCH_BIN=path skips the build; GROVE_BENCH_PG (default
# postgres://postgres@127.0.0.1) is the PostgreSQL server, where a database is created and dropped.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD

MEMBERS=100000
BACKEND=both
while [ $# -gt 0 ]; do
  case "$1" in
    --members) MEMBERS=$2; shift 2 ;;
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
PG_DB="grove_bench_match_$$"

log() { printf '\n== %s\n' "$*"; }
die() { printf '\nFAIL: %s\n' "$*" >&2; exit 1; }
for tool in curl jq; do command -v $tool >/dev/null || die "$tool is required"; done

if [ -n "${GROVE_BENCH_BIN:-}" ]; then
  GROVE=$GROVE_BENCH_BIN
else
  log "building grove (release)"
  cargo build --release -q -p grove
  GROVE="${CARGO_TARGET_DIR:-$ROOT/target}/release/grove"
fi

WORK=$(mktemp -d -t grove-bench-match.XXXXXX)
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
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2/1048576 }' /proc/meminfo); load at start:$(uptime | sed 's/.*load average://')"
declare -A ROW

for backend in "${BACKENDS[@]}"; do
  log "$backend: fresh database and demo organization ($MEMBERS members)"
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
  "$GROVE" --database-url "$URL" demo --members "$MEMBERS" --seed 1 >"$WORK/demo-$backend.log" 2>&1 \
    || { cat "$WORK/demo-$backend.log"; die "$backend: demo load failed"; }
  EMAIL=$(awk '$1 == "lead" { print $2 }' "$WORK/demo-$backend.log" | tail -1)
  [ -n "$EMAIL" ] || { cat "$WORK/demo-$backend.log"; die "no demo lead printed"; }

  PORT=$(free_port)
  BASE="http://127.0.0.1:$PORT"
  "$GROVE" --database-url "$URL" serve --bind "127.0.0.1:$PORT" >"$WORK/serve-$backend.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 600); do
    [ "$(curl -s --max-time 1 "$BASE/healthz" || true)" = ok ] && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/serve-$backend.log"; die "server exited"; }
    sleep 0.1
  done
  SESSION=$(curl -s -o /dev/null -D - -H 'Content-Type: application/json' \
      -d "{\"email\": \"$EMAIL\", \"password\": \"grove-demo-password\"}" "$BASE/api/v1/session" \
    | sed -n 's/^[Ss]et-[Cc]ookie: grove_session=\([^;]*\).*/\1/p' | tr -d '\r' | head -1)
  [ -n "$SESSION" ] || die "$backend: sign-in as $EMAIL failed"
  COOKIE="Cookie: grove_session=$SESSION"
  # A JSON client with a session cookie sends no CSRF token; use a bearer token instead.
  TOKEN=$(curl -sf -H "$COOKIE" -H 'Content-Type: application/json' -H "X-CSRF-Token: $(curl -sf -H "$COOKIE" "$BASE/api/v1/me" | jq -r '.csrf_token // empty')" \
      -d '{"name": "bench"}' "$BASE/api/v1/me/tokens" | jq -r '.secret // empty') || true
  [ -n "$TOKEN" ] || die "$backend: could not create an access token"
  AUTH="Authorization: Bearer $TOKEN"

  # The server builds the organization graph at start-up (the matching's bridge bonus and
  # network figures use it); the home page waits for it. Timed apart: a lead who runs the
  # matching in the first seconds after a restart waits this long once.
  WARM=$(curl -s -o /dev/null -w '%{time_total}' -H "$AUTH" "$BASE/")
  echo "graph ready after $(awk -v t="$WARM" 'BEGIN { printf "%.1f", t }') s (built at start-up)"

  PROGRAM=$(curl -sf -H "$AUTH" "$BASE/api/v1/programs" | jq -r '.[] | select(.phase == "open") | .id')
  ENROLLED=$(curl -sf -H "$AUTH" "$BASE/api/v1/programs" | jq -r '.[] | select(.phase == "open") | .enrolled')
  echo "program $PROGRAM: $ENROLLED enrolled"
  curl -sf -o /dev/null -X POST -H "$AUTH" "$BASE/api/v1/programs/$PROGRAM/close" || die "close failed"

  : >"$WORK/runs-$backend"
  for k in 1 2 3; do
    OUT=$(curl -s -w '\n%{http_code} %{time_total}' -X POST -H "$AUTH" "$BASE/api/v1/programs/$PROGRAM/runs")
    read -r CODE TOTAL <<<"$(tail -1 <<<"$OUT")"
    BODY=$(sed '$d' <<<"$OUT")
    [ "$CODE" = 201 ] || { echo "$BODY" | head -c 500; die "$backend: run answered $CODE"; }
    RUN=$(jq -r '.run.id' <<<"$BODY")
    printf 'run %s: %s pairs, %s unmatched, mean score %s, server %s ms, request %.0f ms; %s pairs across departments, %s new ties\n' \
      "$RUN" "$(jq -r '.run.pair_count' <<<"$BODY")" "$(jq -r '.unmatched | length' <<<"$BODY")" \
      "$(jq -r '.run.mean_score' <<<"$BODY")" "$(jq -r '.run.duration_ms' <<<"$BODY")" \
      "$(awk -v t="$TOTAL" 'BEGIN { print t * 1000 }')" \
      "$(jq -r '.network.cross_department_pairs' <<<"$BODY")" "$(jq -r '.network.new_ties' <<<"$BODY")"
    awk -v t="$TOTAL" 'BEGIN { printf "%.2f\n", t }' >>"$WORK/runs-$backend"
    PAIRS=$(jq -r '.run.pair_count' <<<"$BODY")
  done
  RUN_S=$(median <"$WORK/runs-$backend")
  OUT=$(curl -s -w '\n%{http_code} %{time_total}' -X POST -H "$AUTH" "$BASE/api/v1/programs/$PROGRAM/runs/$RUN/publish")
  read -r CODE TOTAL <<<"$(tail -1 <<<"$OUT")"
  [ "$CODE" = 200 ] || { sed '$d' <<<"$OUT"; die "$backend: publish answered $CODE"; }
  PUBLISH_S=$(awk -v t="$TOTAL" 'BEGIN { printf "%.2f", t }')
  echo "published: $(sed '$d' <<<"$OUT" | jq -r '.relationships') relationships in $PUBLISH_S s"
  ROW[$backend]="$ENROLLED | $PAIRS | $RUN_S | $PUBLISH_S"

  kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
  if [ "$backend" = postgres ]; then
    psql "$PG_SERVER/postgres" -q -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null; PG_CREATED=""
  fi
done

log "results ($MEMBERS members; median of 3 runs; aim: a run under 5 s)"
echo "load at end:$(uptime | sed 's/.*load average://')"
echo "| backend | enrolled | pairs | run matching (s) | publish (s) |"
echo "|---|---:|---:|---:|---:|"
for backend in "${BACKENDS[@]}"; do
  echo "| $backend | ${ROW[$backend]} |"
done
