"""Runs Grove's match_bench example and the peer tools on the same instances, prints a table of
times and ratios (peer / Grove), and checks Grove's objective against each peer's optimum."""
import argparse
import json
import subprocess
import sys
import time

import numpy as np

import instances

TOLERANCE = 1e-6


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def grove(binary, name, repeats):
    out = subprocess.run([binary, name, str(repeats)], check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def slots_matrix(scores, capacity):
    """Capacities expanded into slots: each mentor column repeated `capacity` times."""
    return np.repeat(scores, capacity, axis=1) if capacity > 1 else scores


def peer_scipy_dense(scores, capacity):
    from scipy.optimize import linear_sum_assignment

    def run():
        s = slots_matrix(scores, capacity)
        r, c = linear_sum_assignment(s, maximize=True)
        return float(s[r, c].sum())
    return timed(run)


def peer_lapjv_dense(scores, capacity):
    import lapjv

    def run():
        s = slots_matrix(scores, capacity)
        if s.shape[0] != s.shape[1]:
            return None
        cost = (100.0 - s)  # lapjv minimizes; square, so every row is matched
        row_ind, _, _ = lapjv.lapjv(np.ascontiguousarray(cost))
        return float(s[np.arange(s.shape[0]), row_ind].sum())
    return timed(run)


def peer_ortools_flow(n, m, capacity, tails_scores):
    """Max-weight b-matching as min-cost flow; scores have two decimals, so x100 is exact."""
    from ortools.graph.python import min_cost_flow

    tails, mentors, scores = tails_scores

    def run():
        flow = min_cost_flow.SimpleMinCostFlow()
        source, sink = n + m, n + m + 1
        costs = -np.rint(scores * 100).astype(np.int64)
        flow.add_arcs_with_capacity_and_unit_cost(tails, n + mentors, np.ones(len(tails), dtype=np.int64), costs)
        flow.add_arcs_with_capacity_and_unit_cost(
            np.full(n, source), np.arange(n), np.ones(n, dtype=np.int64), np.zeros(n, dtype=np.int64))
        flow.add_arcs_with_capacity_and_unit_cost(
            n + np.arange(m), np.full(m, sink), np.full(m, capacity, dtype=np.int64), np.zeros(m, dtype=np.int64))
        flow.add_arc_with_capacity_and_unit_cost(source, sink, n, 0)  # "stay unmatched"
        flow.set_node_supply(source, n)
        flow.set_node_supply(sink, -n)
        status = flow.solve()
        if status != flow.OPTIMAL:
            raise RuntimeError(f"OR-Tools status {status}")
        return -flow.optimal_cost() / 100.0
    return timed(run)


def peer_scipy_sparse(n, m, capacity, mentors, scores):
    """min_weight_full_bipartite_matching on slots plus one private 'unmatched' column per mentee."""
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import min_weight_full_bipartite_matching

    def run():
        per_row = mentors.shape[1]
        rows = np.repeat(np.arange(n), per_row * capacity + 1)
        slot_cols = (mentors[:, :, None] * capacity + np.arange(capacity)[None, None, :]).reshape(n, -1)
        cols = np.concatenate([slot_cols, (m * capacity + np.arange(n))[:, None]], axis=1).ravel()
        weights = np.concatenate(
            [np.repeat(101.0 - scores, capacity, axis=1), np.full((n, 1), 101.0)], axis=1).ravel()
        graph = csr_matrix((weights, (rows, cols)), shape=(n, m * capacity + n))
        _, col_of_row = min_weight_full_bipartite_matching(graph)
        chosen = graph[np.arange(n), col_of_row].A1
        real = col_of_row < m * capacity
        return float((101.0 - chosen[real]).sum())
    return timed(run)


def peer_matching_hr(n, m, capacity, mentors, scores):
    """`matching` HospitalResident, resident (mentee)-optimal; same tie-break by id as Grove."""
    from matching.games import HospitalResident

    def build():
        resident_prefs, hospital_lists = {}, {h: [] for h in range(m)}
        for i in range(n):
            order = sorted(range(mentors.shape[1]), key=lambda k: (-scores[i, k], mentors[i, k]))
            resident_prefs[i] = [int(mentors[i, k]) for k in order]
            for k in range(mentors.shape[1]):
                hospital_lists[int(mentors[i, k])].append((-scores[i, k], i))
        hospital_prefs = {h: [i for _, i in sorted(v)] for h, v in hospital_lists.items()}
        return HospitalResident.create_from_dictionaries(
            resident_prefs, hospital_prefs, {h: capacity for h in range(m)})

    build_time, game = timed(build)
    solve_time, matching = timed(lambda: game.solve(optimal="resident"))
    lookup = {(i, int(mentors[i, k])): float(scores[i, k]) for i in range(n) for k in range(mentors.shape[1])}
    total = 0.0
    for hospital, residents in matching.items():
        for r in residents:
            total += lookup[(r.name, hospital.name)]
    return build_time, solve_time, total


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--grove", required=True)
    parser.add_argument("--quick", action="store_true", help="skip the slowest peers (scipy/OR-Tools dense)")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    rows, failures = [], []

    def record(instance, g, peers):
        for peer, seconds, value in peers:
            ok = value is None or abs(value - g["total"]) <= TOLERANCE * max(1.0, abs(value))
            if not ok:
                failures.append(f"{instance}: Grove {g['total']} vs {peer} {value}")
            rows.append((instance, g["seconds"], peer, seconds, value is None or ok))
        print(f"  {instance}: Grove {g['seconds']:.4f} s, total {g['total']}", file=sys.stderr)

    for name, n, m, cap in [("dense_6000x2000_cap3", 6000, 2000, 3), ("dense_4000x4000", 4000, 4000, 1),
                            ("rect_2000x10000", 2000, 10000, 1)]:
        g = grove(args.grove, name, args.repeats)
        scores = instances.dense(n, m)
        peers = []
        if n == m * cap:
            t, v = peer_lapjv_dense(scores, cap)
            peers.append(("lapjv (slots)", t, v))
        if not (args.quick and name == "dense_6000x2000_cap3"):
            t, v = peer_scipy_dense(scores, cap)
            peers.append(("scipy linear_sum_assignment", t, v))
        if not args.quick and name == "dense_6000x2000_cap3":
            tails = np.repeat(np.arange(n), m)
            mentors = np.tile(np.arange(m), n)
            t, v = peer_ortools_flow(n, m, cap, (tails, mentors, scores.ravel()))
            peers.append(("OR-Tools min-cost flow", t, v))
        record(name, g, peers)
        del scores

    n, m, cap = 6000, 2000, 3
    g = grove(args.grove, "sparse_6000x2000_top50", args.repeats)
    mentors, scores = instances.sparse(n, m, 50)
    peers = []
    t, v = peer_ortools_flow(n, m, cap, (np.repeat(np.arange(n), 50), mentors.ravel(), scores.ravel()))
    peers.append(("OR-Tools min-cost flow (sparse)", t, v))
    t, v = peer_scipy_sparse(n, m, cap, mentors, scores)
    peers.append(("scipy min_weight_full_bipartite_matching", t, v))
    record("sparse_6000x2000_top50", g, peers)

    g = grove(args.grove, "stable_6000x2000_top20", args.repeats)
    if g.get("blocking_pairs", 0) != 0:
        failures.append(f"stable: {g['blocking_pairs']} blocking pairs")
    mentors, scores = instances.sparse(n, m, 20)
    build_t, solve_t, total = peer_matching_hr(n, m, cap, mentors, scores)
    record("stable_6000x2000_top20", g, [("matching HospitalResident (build + solve)", build_t + solve_t, total)])

    programs = ["program_10000x2000_top50"] if args.quick else [
        "program_100000x20000_top50", "program_100000x20000_top50_cap8"]
    program_rows = []
    for name in programs:
        g = grove(args.grove, name, 1)
        print(f"  {name}: Grove {g['seconds']:.3f} s, matched {g['matched']}", file=sys.stderr)
        program_rows.append(g)

    print("| instance | Grove (s) | peer | peer (s) | peer / Grove | same optimum |")
    print("| --- | ---: | --- | ---: | ---: | --- |")
    for instance, gs, peer, ps, ok in rows:
        print(f"| {instance} | {gs:.4f} | {peer} | {ps:.3f} | {ps / gs:.1f} | {'yes' if ok else 'NO'} |")
    for g in program_rows:
        print(f"| {g['instance']} (participant form: candidates, scoring, solve, explanations) "
              f"| {g['seconds']:.3f} | - | - | - | - |")
    if failures:
        print("\nMISMATCHES:\n" + "\n".join(failures))
        import os
        os._exit(1)
    print("\nAll Grove objectives equal the peers' optimum (stable: equals resident-optimal).")


if __name__ == "__main__":
    # `matching` deep-copies its linked player objects recursively: give it room.
    import threading
    sys.setrecursionlimit(1_000_000)
    threading.stack_size(1 << 30)
    worker = threading.Thread(target=main)
    worker.start()
    worker.join()
