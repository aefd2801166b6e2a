#!/usr/bin/python3
"""Times scipy's ks_2samp on the data of DriftStatisticsBenchmarks.ksOurs / ksCommonsMath.

Run with Debian's scipy:  /usr/bin/python3 benchmarks/scripts/ks_2samp_scipy.py
The two samples are the SplitMix64 uniform streams of DriftStatisticsBenchmarks.splitMix64Uniform
(seeds 20261122 and 5, the second shifted by 0.001), reproduced bit for bit with numpy's wrapping
uint64 arithmetic; the script prints the first values and the KS result to compare with Java.
"""
import time

import numpy as np
import scipy
from scipy import stats

N = 1_000_000


def splitmix64_uniform(seed, n):
    i = np.arange(1, n + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        z = np.uint64(seed) + i * np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    return (z >> np.uint64(11)).astype(np.float64) * 2.0 ** -53


def main():
    ref = splitmix64_uniform(20261122, N)
    cur = splitmix64_uniform(5, N) + 0.001
    print("scipy", scipy.__version__, "numpy", np.__version__)
    print("first values", repr(ref[0]), repr(cur[0]))
    times = []
    for _ in range(7):
        t0 = time.perf_counter()
        r = stats.ks_2samp(ref, cur)
        times.append(time.perf_counter() - t0)
    print("ks_2samp", r.statistic, r.pvalue)
    t = np.array(times[2:])  # the first two runs are warm-up
    print("ks_2samp seconds per call: mean %.1f ms, min %.1f ms, max %.1f ms over %d runs"
          % (t.mean() * 1e3, t.min() * 1e3, t.max() * 1e3, len(t)))


if __name__ == "__main__":
    main()
