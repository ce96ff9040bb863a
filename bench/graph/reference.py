"""Export networkx's bundled graphs and networkx's reference values for grove-graph's tests.

Run once (bench/graph/run.sh does not need it); the output lives in
crates/grove-graph/tests/data/. Each graph is written as `source,target,weight` with node
indices 0..n-1 in networkx's node order, and `<name>.ref.json` holds the names of the nodes, the
PageRank (weighted when the graph has weights, alpha 0.85, tolerance 1e-13), the normalized
unweighted betweenness, and networkx's Louvain modularity with seed 42.
Sources: networkx.karate_club_graph (Zachary 1977), les_miserables_graph (Knuth 1993),
davis_southern_women_graph (Davis, Gardner and Gardner 1941), florentine_families_graph
(Padgett and Ansell 1993).
"""
import json
import os
import sys

import networkx as nx

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(__file__), "..", "..", "crates", "grove-graph", "tests", "data")

GRAPHS = {
    "karate": (nx.karate_club_graph, "networkx.karate_club_graph (Zachary 1977)"),
    "les_miserables": (nx.les_miserables_graph, "networkx.les_miserables_graph (Knuth 1993)"),
    "davis_southern_women": (nx.davis_southern_women_graph,
                             "networkx.davis_southern_women_graph (Davis et al. 1941)"),
    "florentine_families": (nx.florentine_families_graph,
                            "networkx.florentine_families_graph (Padgett and Ansell 1993)"),
}


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, (make, source) in GRAPHS.items():
        g = make()
        nodes = list(g.nodes())
        index = {v: i for i, v in enumerate(nodes)}
        weighted = all("weight" in d for _, _, d in g.edges(data=True))
        with open(os.path.join(OUT, f"{name}.csv"), "w") as f:
            f.write("source,target,weight\n")
            for u, v, d in g.edges(data=True):
                f.write(f"{index[u]},{index[v]},{d.get('weight', 1) if weighted else 1}\n")
        pr = nx.pagerank(g, alpha=0.85, tol=1e-13, max_iter=10000,
                         weight="weight" if weighted else None)
        bc = nx.betweenness_centrality(g, normalized=True)
        q_nx = nx.community.modularity(
            g, nx.community.louvain_communities(g, seed=42), weight="weight" if weighted else None)
        ref = {
            "source": source,
            "weighted": weighted,
            "names": [str(v) for v in nodes],
            "pagerank": [pr[v] for v in nodes],
            "betweenness": [bc[v] for v in nodes],
            "louvain_modularity_networkx_seed42": q_nx,
            "edges": g.number_of_edges(),
        }
        with open(os.path.join(OUT, f"{name}.ref.json"), "w") as f:
            json.dump(ref, f, indent=1)
        print(name, len(nodes), g.number_of_edges(), "weighted" if weighted else "", "Q", q_nx)


if __name__ == "__main__":
    main()
