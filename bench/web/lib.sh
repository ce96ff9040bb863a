# Shell helpers shared by the web benchmarks (bench/web/run.sh, bench/search/run.sh): the grove
# binary, a work directory cleaned up on exit, PostgreSQL, starting and stopping `grove serve`,
# signing in, and running wrk with common.lua's RESULT line. Source it after setting ROOT (the
# repository) and `set -euo pipefail`.

log() { printf '\n== %s\n' "$*"; }
die() { printf '\nFAIL: %s\n' "$*" >&2; exit 1; }

# wrk from apt if missing; curl and jq must be there.
bench_tools() {
  if ! command -v wrk >/dev/null; then
    log "installing wrk"
    local sudo=""; [ "$(id -u)" -ne 0 ] && sudo=sudo
    $sudo apt-get install -y wrk >/dev/null || { $sudo apt-get update >/dev/null && $sudo apt-get install -y wrk >/dev/null; }
  fi
  local tool
  for tool in wrk curl jq; do command -v $tool >/dev/null || die "$tool is required"; done
}

# Sets GROVE: $GROVE_BENCH_BIN, or the release binary built now.
bench_grove() {
  if [ -n "${GROVE_BENCH_BIN:-}" ]; then
    GROVE=$GROVE_BENCH_BIN
    log "using prebuilt $GROVE (GROVE_BENCH_BIN), not building"
  else
    log "building grove (release)"
    cargo build --release -q -p grove
    GROVE="${CARGO_TARGET_DIR:-$ROOT/target}/release/grove"
  fi
}

# Sets WORK, a temporary directory; on exit stops the server, drops the PostgreSQL database named
# in PG_CREATED (if any) and removes WORK.
SERVER_PID=""
PG_CREATED=""
PG_SERVER="${GROVE_BENCH_PG:-postgres://postgres@127.0.0.1}"
bench_workdir() {
  WORK=$(mktemp -d -t "grove-bench-$1.XXXXXX")
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
}
bench_cleanup() {
  stop_server
  if [ -n "$PG_CREATED" ]; then
    psql "$PG_SERVER/postgres" -q -c "DROP DATABASE IF EXISTS $PG_CREATED WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
}

# A free port below the kernel's range for outgoing connections (ip_local_port_range): a port
# from that range, free when asked, was now and then taken as the local port of one of the
# server's own database connections before it listened, and the server never answered.
free_port() {
  python3 -c '
import random, socket
low = int(open("/proc/sys/net/ipv4/ip_local_port_range").read().split()[0])
for _ in range(200):
    port = random.randrange(10000, low)
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", port))
    except OSError:
        continue
    finally:
        s.close()
    print(port)
    break
'
}
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# Field value from a RESULT line printed by common.lua's done().
field() { sed -n "s/.*[ ]$2=\([^ ]*\).*/\1/p" <<<"$1"; }

machine_line() {
  echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2/1048576 }' /proc/meminfo); load at start:$(uptime | sed 's/.*load average://')"
}

# Starts the local PostgreSQL cluster if it is not answering.
pg_start() {
  if ! pg_isready -q -h 127.0.0.1; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start
    for _ in $(seq 50); do pg_isready -q -h 127.0.0.1 && break; sleep 0.2; done
  fi
}

# A new, empty PostgreSQL database NAME (dropped on exit); prints its URL.
pg_fresh() {
  psql "$PG_SERVER/postgres" -q -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" >/dev/null 2>&1
  psql "$PG_SERVER/postgres" -q -c "CREATE DATABASE $1" >/dev/null
  PG_CREATED=$1
}

# Starts `grove serve` on database URL $1 (log in $2) on a free port; sets SERVER_PID and BASE
# and waits until /healthz answers.
start_server() {
  local port
  port=$(free_port)
  BASE="http://127.0.0.1:$port"
  "$GROVE" --database-url "$1" serve --bind "127.0.0.1:$port" >"$2" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 600); do
    [ "$(curl -s --max-time 1 "$BASE/healthz" || true)" = ok ] && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$2"; die "server exited"; }
    sleep 0.1
  done
  [ "$(curl -s --max-time 1 "$BASE/healthz" || true)" = ok ] || die "server not ready after 60 s"
}

stop_server() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
}

# The demo member's e-mail from the output of `grove demo` (file $1).
demo_member_email() { awk '$1 == "member" { print $2 }' "$1" | tail -1; }

# Signs in as $1 with the demo password on $BASE; prints the session cookie's value.
sign_in() {
  curl -s -o /dev/null -D - -H 'Content-Type: application/json' \
      -d "{\"email\": \"$1\", \"password\": \"grove-demo-password\"}" "$BASE/api/v1/session" \
    | sed -n 's/^[Ss]et-[Cc]ookie: grove_session=\([^;]*\).*/\1/p' | tr -d '\r' | head -1
}

# Runs wrk script $1 (a path) against $BASE with header $2: $WARMUP s of warm-up, then $DURATION
# s measured with -t$THREADS -c$CONNECTIONS. Prints wrk's summary and sets RES to the RESULT line;
# returns non-zero if any request got a non-2xx answer or a socket error.
wrk_measure() {
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" --timeout 30s -s "$1" -H "$2" "$BASE" >/dev/null
  local out
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 30s -s "$1" -H "$2" "$BASE")
  grep -v '^RESULT' <<<"$out"
  RES=$(grep '^RESULT' <<<"$out") || { echo "$out"; die "wrk printed no result"; }
  local bad=$(( $(field "$RES" non2xx) + $(field "$RES" socket_errors) ))
  if [ "$bad" -ne 0 ]; then
    printf '\n!!!!! %s: %s non-2xx answers or socket errors (must be 0) !!!!!\n' "$1" "$bad" >&2
    return 1
  fi
}

# Median of 5 sequential requests to $BASE$2 with header $1, in ms.
median_ms() {
  local times
  times=$(for _ in 1 2 3 4 5; do curl -s -o /dev/null -w '%{time_total}\n' -H "$1" "$BASE$2"; done | sort -n)
  sed -n 3p <<<"$times" | awk '{ printf "%.1f", $1 * 1000 }'
}
