#!/usr/bin/env bash
# grove-graph against networkx, python-igraph and NetworKit on the same generated graphs, in one run.
# Usage: bench/graph/run.sh [--quick]
#   default: 10k nodes/100k edges and 100k/1M (all tools; networkx's Louvain and sampled
#            betweenness only on the small graph), per-member latency on 100k/5M (Grove only),
#            then link prediction on real networks. About 10 minutes on 2 cores.
#   --quick: the small graph only, and 2 link-prediction splits instead of 5.
# Environment: GROVE_BENCH_VENV (default bench/.venv), CARGO_TARGET_DIR (default target).
set -euo pipefail
cd "$(dirname "$0")/../.."
QUICK=""
[[ "${1:-}" == "--quick" ]] && QUICK="--quick"
VENV="${GROVE_BENCH_VENV:-bench/.venv}"
TARGET="${CARGO_TARGET_DIR:-target}"
export CARGO_TARGET_DIR="$TARGET"
OUT="bench/graph/out"
mkdir -p "$OUT"

[[ -x "$VENV/bin/python" ]] || python3 -m venv "$VENV"
"$VENV/bin/pip" install -q -r bench/graph/requirements.txt
PY="$VENV/bin/python"
cargo build --release -p grove-graph --examples
BENCH="$TARGET/release/examples/bench"

run_graph() { # nodes edges [peer flags...]
  local n=$1 m=$2; shift 2
  local g="$OUT/g${n}_${m}"
  [[ -f "$g.edges.txt" ]] || "$PY" bench/graph/gen.py "$n" "$m" "$g"
  echo "== $n nodes / $m edges" >&2
  "$BENCH" "$g.edges.txt" "$n" $QUICK | tee "$OUT/grove_${n}_${m}.json"
  "$PY" bench/graph/peers.py "$g.edges.txt" "$n" $QUICK "$@" | tee "$OUT/peers_${n}_${m}.json"
}

rm -f "$OUT"/grove_*.json "$OUT"/peers_*.json
run_graph 10000 100000
if [[ -z "$QUICK" ]]; then
  run_graph 100000 1000000 --skip-slow
  g="$OUT/g100000_5000000"
  [[ -f "$g.edges.txt" ]] || "$PY" bench/graph/gen.py 100000 5000000 "$g"
  echo "== 100000 nodes / 5000000 edges (online queries)" >&2
  "$BENCH" "$g.edges.txt" 100000 --online | tee "$OUT/grove_100000_5000000.json"
fi
"$PY" bench/graph/compare.py "$OUT" | tee "$OUT/table.md"
"$PY" bench/graph/linkpred.py $QUICK | tee "$OUT/linkpred.md"
