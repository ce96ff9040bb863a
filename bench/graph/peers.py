"""Time networkx, igraph and NetworKit on the same edge file as grove-graph's bench example.
Usage: peers.py EDGES NODES [--quick] [--skip-slow]
Prints one JSON object per tool. `--skip-slow` leaves out networkx's Louvain and sampled
betweenness (minutes on a million edges).
"""
import json
import random
import statistics
import sys
import time

import numpy as np


def timed(fn, reps=1):
    times, out = [], None
    for _ in range(reps):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), out


def two_hop_pairs(adj, members):
    pairs = []
    for m in members:
        own = set(adj[m])
        seen = set()
        for z in adj[m]:
            for c in adj[z]:
                if c != m and c not in own and c not in seen:
                    seen.add(c)
                    pairs.append((m, c))
    return pairs


def main():
    path, n = sys.argv[1], int(sys.argv[2])
    quick = "--quick" in sys.argv
    skip_slow = "--skip-slow" in sys.argv
    arr = np.loadtxt(path, dtype=np.int64).reshape(-1, 2)
    edges = [tuple(e) for e in arr.tolist()]
    rng = random.Random(3)
    members = [rng.randrange(n) for _ in range(100)]
    reps = 1 if quick else 3

    import networkx as nx
    r = {"tool": "networkx", "nodes": n, "edges": len(edges)}

    def build_nx():
        g = nx.Graph()
        g.add_nodes_from(range(n))
        g.add_edges_from(edges)
        return g
    r["build"], g = timed(build_nx, reps)
    r["pagerank"], _ = timed(lambda: nx.pagerank(g), reps)
    r["components"], _ = timed(lambda: list(nx.connected_components(g)), reps)
    ppr = [timed(lambda m=m: nx.pagerank(g, personalization={m: 1}))[0] for m in members[:3]]
    r["ppr_p50"] = statistics.median(ppr)
    adj = {v: list(g[v]) for v in g}
    r["adamic_adar_100"], _ = timed(lambda: list(nx.adamic_adar_index(g, two_hop_pairs(adj, members))))
    if not skip_slow:
        r["louvain"], comms = timed(lambda: nx.community.louvain_communities(g, seed=42))
        r["modularity"] = nx.community.modularity(g, comms)
        r["betweenness_256"], _ = timed(lambda: nx.betweenness_centrality(g, k=256, seed=1))
    print(json.dumps(r), flush=True)
    del g, adj

    import igraph as ig
    r = {"tool": "igraph", "nodes": n, "edges": len(edges)}
    r["build"], g = timed(lambda: ig.Graph(n=n, edges=edges), reps)
    r["pagerank"], _ = timed(lambda: g.pagerank(), reps)
    r["components"], _ = timed(lambda: g.connected_components(), reps)
    r["louvain"], part = timed(lambda: g.community_multilevel(), 1)
    r["modularity"] = part.modularity
    r["leiden"], part = timed(lambda: g.community_leiden(objective_function="modularity", n_iterations=-1), 1)
    r["leiden_modularity"] = part.modularity
    sources = random.Random(1).sample(range(n), 256)
    r["betweenness_256"], _ = timed(lambda: g.betweenness(sources=sources, targets=None))
    ppr = [timed(lambda m=m: g.personalized_pagerank(reset_vertices=[m]))[0] for m in members[:10]]
    r["ppr_p50"] = statistics.median(ppr)
    r["adamic_adar_100"], _ = timed(lambda: g.similarity_inverse_log_weighted(vertices=members), reps)
    print(json.dumps(r), flush=True)
    del g

    import networkit as nk
    nk.engineering.setNumberOfThreads(2)
    r = {"tool": "networkit", "nodes": n, "edges": len(edges), "threads": 2}

    def build_nk():
        g = nk.Graph(n)
        g.addEdges((arr[:, 0].copy(), arr[:, 1].copy()))
        return g
    r["build"], g = timed(build_nk, reps)
    r["pagerank"], _ = timed(lambda: nk.centrality.PageRank(g, damp=0.85).run(), reps)
    r["components"], _ = timed(lambda: nk.components.ConnectedComponents(g).run(), reps)

    def plm():
        algo = nk.community.PLM(g, refine=False)
        algo.run()
        return algo.getPartition()
    r["louvain"], part = timed(plm, 1)
    r["modularity"] = nk.community.Modularity().getQuality(part, g)

    def leiden():
        algo = nk.community.ParallelLeiden(g)
        algo.run()
        return algo.getPartition()
    r["leiden"], part = timed(leiden, 1)
    r["leiden_modularity"] = nk.community.Modularity().getQuality(part, g)
    r["betweenness_256"], _ = timed(lambda: nk.centrality.EstimateBetweenness(g, 256, True, True).run())
    adj = {v: list(g.iterNeighbors(v)) for v in range(n)}
    pairs = two_hop_pairs(adj, members)
    del adj
    r["adamic_adar_100"], _ = timed(lambda: nk.linkprediction.AdamicAdarIndex(g).runOn(pairs), reps)
    print(json.dumps(r), flush=True)


if __name__ == "__main__":
    main()
