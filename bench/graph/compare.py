"""Print the benchmark tables (Markdown) from the JSON lines written by run.sh.
Usage: compare.py OUT_DIR [OUT_DIR ...]
With several directories (several runs), each figure is the median across runs.
"""
import glob
import json
import os
import statistics
import sys

ROWS = [
    ("build", "build graph from edge list", "s"),
    ("pagerank", "PageRank (networkx's stopping rule)", "s"),
    ("louvain", "Louvain", "s"),
    ("modularity", "  modularity Q (Louvain)", "q"),
    ("leiden", "Leiden", "s"),
    ("leiden_modularity", "  modularity Q (Leiden)", "q"),
    ("leiden_best_of_4", "Leiden, best of 4 seeds (Grove's report default)", "s"),
    ("leiden_best_of_4_modularity", "  modularity Q (best of 4)", "q"),
    ("betweenness_256", "sampled betweenness, 256 sources", "s"),
    ("components", "connected components", "s"),
    ("ppr_p50", "personalized PageRank, one member (median)", "s"),
    ("ppr_p99", "personalized PageRank, one member (p99)", "s"),
    ("adamic_adar_100", "Adamic-Adar, 2-hop candidates of 100 members", "s"),
    ("suggest_p50", "suggest_people, one member (median)", "s"),
    ("suggest_p99", "suggest_people, one member (p99)", "s"),
]
PEERS = ["networkx", "igraph", "networkit"]


def fmt(v, kind):
    if v is None:
        return "–"
    if kind == "q":
        return f"{v:.4f}"
    if v >= 1:
        return f"{v:.2f} s"
    if v >= 1e-3:
        return f"{v * 1e3:.1f} ms"
    return f"{v * 1e6:.0f} µs"


def main():
    runs = {}
    for out in sys.argv[1:]:
        for path in sorted(glob.glob(os.path.join(out, "*.json"))):
            for line in open(path):
                line = line.strip()
                if line.startswith("{"):
                    r = json.loads(line)
                    slot = runs.setdefault((r["nodes"], r["edges"]), {}).setdefault(r["tool"], {})
                    for k, v in r.items():
                        if isinstance(v, (int, float)):
                            slot.setdefault(k, []).append(v)
    graphs = {g: {t: {k: statistics.median(v) for k, v in vals.items()} for t, vals in tools.items()}
              for g, tools in runs.items()}
    if len(sys.argv) > 2:
        print(f"(median of {len(sys.argv) - 1} runs)")
    for (n, m), tools in sorted(graphs.items(), key=lambda kv: kv[0][1]):
        grove = tools.get("grove", {})
        peers = [p for p in PEERS if p in tools]
        print(f"\n### {n:,} nodes, {m:,} edges\n")
        cols = ["operation", "Grove"] + peers + [f"{p} / Grove" for p in peers]
        print("| " + " | ".join(cols) + " |")
        print("|" + " --- |" * len(cols))
        for key, label, kind in ROWS:
            g = grove.get(key)
            vals = [tools[p].get(key) for p in peers]
            if g is None and all(v is None for v in vals):
                continue
            ratios = []
            for v in vals:
                if kind == "s" and v is not None and g:
                    ratios.append(f"{v / g:.1f}×")
                else:
                    ratios.append("–")
            cells = [label, fmt(g, kind)] + [fmt(v, kind) for v in vals] + ratios
            print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
