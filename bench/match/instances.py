"""The benchmark instances, bit-identical to crates/grove-match/examples/match_bench.rs:
splitmix64 with random access (k-th output), scores (x % 10001) / 100."""
import math

import numpy as np

GAMMA = np.uint64(0x9E3779B97F4A7C15)
SEED = 42


def splitmix(seed, k):
    """k: numpy uint64 array of indices; returns the k-th outputs."""
    with np.errstate(over="ignore"):
        z = np.uint64(seed) + (k + np.uint64(1)) * GAMMA
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def scores_of(x):
    return (x % np.uint64(10001)).astype(np.float64) / 100.0


def dense(n, m, seed=SEED):
    k = np.arange(n * m, dtype=np.uint64)
    return scores_of(splitmix(seed, k)).reshape(n, m)


def sparse(n, m, per_row, seed=SEED):
    """(mentors[n, per_row], scores[n, per_row]): start + k*step mod m, step coprime to m."""
    i = np.arange(n, dtype=np.uint64)
    start = splitmix(seed, 2 * i) % np.uint64(m)
    step = np.uint64(1) + splitmix(seed, 2 * i + np.uint64(1)) % np.uint64(m - 1)
    step = step.astype(np.int64)
    for r in range(n):
        while math.gcd(int(step[r]), m) != 1:
            step[r] += 1
    ks = np.arange(per_row, dtype=np.int64)
    mentors = (start.astype(np.int64)[:, None] + ks[None, :] * step[:, None]) % m
    base = 2 * n
    idx = np.uint64(base) + np.arange(n * per_row, dtype=np.uint64)
    scores = scores_of(splitmix(seed, idx)).reshape(n, per_row)
    return mentors.astype(np.int64), scores
