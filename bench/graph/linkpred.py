"""Link prediction: does Grove's blended ranking find hidden ties at least as well as networkx's
Adamic-Adar and Jaccard? For each network, hide 10% of the ties (5 seeded splits), rank every
non-contact of each member who lost a tie, and measure AUC (chance a hidden tie outranks a
non-tie; ties count half) and precision@10 (expected hits in the top 10, ties broken at random),
averaged over members, then splits.
Usage: linkpred.py [--quick]   (needs the release example `linkpred`; run.sh builds it)
"""
import json
import os
import random
import subprocess
import sys
import tempfile

import networkx as nx

sys.path.insert(0, os.path.dirname(__file__))
from gen import generate  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
BIN = os.path.join(TARGET, "release", "examples", "linkpred")


def workplace(n=1000, m=6000):
    _, edges = generate(n, m, seed=5)
    g = nx.Graph()
    g.add_nodes_from(range(n))
    g.add_edges_from(edges)
    return g


NETWORKS = {
    "karate": nx.karate_club_graph,
    "les_miserables": nx.les_miserables_graph,
    "davis_southern_women": nx.davis_southern_women_graph,
    "florentine_families": nx.florentine_families_graph,
    "workplace_1k": workplace,
}


def auc(pos, neg):
    """Chance a random positive outranks a random negative, ties half (by sorting, O(k log k))."""
    if not pos or not neg:
        return None
    allv = sorted([(s, 1) for s in pos] + [(s, 0) for s in neg])
    wins, negs_below, i = 0.0, 0, 0
    while i < len(allv):
        j = i
        while j < len(allv) and allv[j][0] == allv[i][0]:
            j += 1
        p = sum(1 for k in range(i, j) if allv[k][1] == 1)
        q = (j - i) - p
        wins += p * negs_below + 0.5 * p * q
        negs_below += q
        i = j
    return wins / (len(pos) * len(neg))


def precision_at(scores, positives, k=10):
    """Expected hits in the top k when ties are broken at random, divided by k."""
    ranked = sorted(scores.values(), reverse=True)
    if len(ranked) <= k:
        return sum(1 for v in scores if v in positives) / k
    cut = ranked[k - 1]
    above = [v for v, s in scores.items() if s > cut]
    tied = [v for v, s in scores.items() if s == cut]
    slots = k - len(above)
    hits = sum(1 for v in above if v in positives)
    hits += slots * sum(1 for v in tied if v in positives) / len(tied)
    return hits / k


def grove_scores(train, n, members, weighted):
    with tempfile.TemporaryDirectory() as d:
        ef, mf = os.path.join(d, "e.txt"), os.path.join(d, "m.txt")
        with open(ef, "w") as f:
            for u, v, data in train.edges(data=True):
                f.write(f"{u} {v} {data.get('weight', 1) if weighted else 1}\n")
        with open(mf, "w") as f:
            f.write("\n".join(str(m) for m in members))
        out = subprocess.run([BIN, ef, str(n), mf], check=True, capture_output=True, text=True).stdout
    scores = {}
    for line in out.splitlines():
        head, *rest = line.split()
        scores[int(head)] = {int(c): float(s) for c, s in (x.split(":") for x in rest)}
    return scores


def evaluate(g, splits):
    g = nx.convert_node_labels_to_integers(g)
    n = g.number_of_nodes()
    weighted = all("weight" in d for _, _, d in g.edges(data=True))
    totals = {m: {"auc": [], "p10": []} for m in ("grove", "adamic_adar", "jaccard")}
    for seed in range(splits):
        rng = random.Random(seed)
        edges = list(g.edges())
        hidden = rng.sample(edges, max(1, len(edges) // 10))
        train = g.copy()
        train.remove_edges_from(hidden)
        lost = {}
        for u, v in hidden:
            lost.setdefault(u, set()).add(v)
            lost.setdefault(v, set()).add(u)
        members = sorted(lost)
        grove = grove_scores(train, n, members, weighted)
        per = {m: {"auc": [], "p10": []} for m in totals}
        for u in members:
            cands = [v for v in range(n) if v != u and not train.has_edge(u, v)]
            pairs = [(u, v) for v in cands]
            methods = {
                "grove": {v: grove.get(u, {}).get(v, 0.0) for v in cands},
                "adamic_adar": {v: s for _, v, s in nx.adamic_adar_index(train, pairs)},
                "jaccard": {v: s for _, v, s in nx.jaccard_coefficient(train, pairs)},
            }
            for name, sc in methods.items():
                pos = [sc[v] for v in cands if v in lost[u]]
                neg = [sc[v] for v in cands if v not in lost[u]]
                a = auc(pos, neg)
                if a is not None:
                    per[name]["auc"].append(a)
                    per[name]["p10"].append(precision_at(sc, lost[u]))
        for name in totals:
            for metric in ("auc", "p10"):
                vals = per[name][metric]
                totals[name][metric].append(sum(vals) / len(vals))
    return {name: {k: sum(v) / len(v) for k, v in t.items()} for name, t in totals.items()}


def main():
    splits = 2 if "--quick" in sys.argv else 5
    results = {}
    ok = True
    print("| network | Grove AUC | Adamic-Adar AUC | Jaccard AUC | Grove P@10 | Adamic-Adar P@10 | Jaccard P@10 |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    only = [a for a in sys.argv[1:] if not a.startswith("--")]
    for name, make in NETWORKS.items():
        if only and name not in only:
            continue
        r = evaluate(make(), splits)
        results[name] = r
        g, aa, j = r["grove"], r["adamic_adar"], r["jaccard"]
        print(f"| {name} | {g['auc']:.3f} | {aa['auc']:.3f} | {j['auc']:.3f} | "
              f"{g['p10']:.3f} | {aa['p10']:.3f} | {j['p10']:.3f} |", flush=True)
        for metric in ("auc", "p10"):
            if g[metric] + 1e-9 < max(aa[metric], j[metric]):
                ok = False
                print(f"  Grove below a peer on {name} {metric}", flush=True)
    with open(os.path.join(os.path.dirname(__file__), "linkpred-results.json"), "w") as f:
        json.dump(results, f, indent=1)
    print("Grove at least as good everywhere:", "yes" if ok else "NO")


if __name__ == "__main__":
    main()
