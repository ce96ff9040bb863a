"""Generate a seeded workplace-like graph: departments, heavy-tailed activity, most ties inside a
department and the rest across. Writes `a b` lines (node indices) and `node group` lines.
Usage: gen.py NODES EDGES OUT_PREFIX [SEED]
"""
import sys

import numpy as np


def generate(n, m, seed=1, inside=0.7):
    rng = np.random.default_rng(seed)
    depts = max(2, n // 400)
    # Department sizes vary (a few large ones, many small), every member in exactly one.
    shares = rng.pareto(1.5, depts) + 1
    dept = np.sort(rng.choice(depts, size=n, p=shares / shares.sum()))
    activity = rng.pareto(2.5, n) + 1
    prob = activity / activity.sum()
    starts = np.searchsorted(dept, np.arange(depts))
    ends = np.searchsorted(dept, np.arange(depts), side="right")
    edges = set()
    while len(edges) < m:
        need = int((m - len(edges)) * 1.2) + 16
        a = rng.choice(n, size=need, p=prob)
        same = rng.random(need) < inside
        b = rng.choice(n, size=need, p=prob)
        d = dept[a]
        lo, hi = starts[d], ends[d]
        local = lo + (rng.random(need) * (hi - lo)).astype(np.int64)
        b = np.where(same, local, b)
        for x, y in zip(a.tolist(), b.tolist()):
            if x != y:
                edges.add((x, y) if x < y else (y, x))
                if len(edges) >= m:
                    break
    return dept, sorted(edges)


def main():
    n, m, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    dept, edges = generate(n, m, seed)
    with open(out + ".edges.txt", "w") as f:
        f.write("".join(f"{a} {b}\n" for a, b in edges))
    with open(out + ".groups.txt", "w") as f:
        f.write("".join(f"{v} {g}\n" for v, g in enumerate(dept.tolist())))


if __name__ == "__main__":
    main()
