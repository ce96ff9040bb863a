#!/usr/bin/env bash
# Benchmarks grove-match against scipy, lapjv, OR-Tools and `matching` on the same instances,
# and checks Grove's objective equals the peers' optimum on each. Usage: bench/match/run.sh [--quick]
set -euo pipefail
cd "$(dirname "$0")/../.."
VENV="${GROVE_BENCH_VENV:-bench/.venv}"
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
"$VENV/bin/pip" install -q -r bench/match/requirements.txt
cargo build --release -q -p grove-match --examples
TARGET="${CARGO_TARGET_DIR:-target}"
exec "$VENV/bin/python" bench/match/bench.py --grove "$TARGET/release/examples/match_bench" "$@"
