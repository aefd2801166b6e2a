#!/usr/bin/python3
"""Regenerates the streams of River's drift-detector docstring examples (stdlib only).

River (online-ml/river) documents each detector with a doctest on a stream drawn from Python's
stdlib `random` with a fixed seed, and prints the indices where its detector reported a change.
This script draws the same streams, so the Java tests can feed them to our detectors and compare
with the indices River publishes. The expected indices are copied from the docstrings (cited in
StreamReferenceTest), not computed here: this script only makes the data.

Run:  /usr/bin/python3 mlops-monitoring/src/test/python/river_streams.py \
        > mlops-monitoring/src/test/resources/dev/mlops/monitoring/stream/river_streams.json
`random.choices` draws `population[floor(random() * n)]` without weights and
`population[bisect(cum_weights, random() * total)]` with weights, the same in every Python 3.6+.
"""
import json
import random
import sys

# river/drift/adwin.py, page_hinkley.py, kswin.py
rng = random.Random(12345)
two_distributions = rng.choices([0, 1], k=1000) + rng.choices(range(4, 8), k=1000)

# river/drift/binary/ddm.py, eddm.py, hddm_a.py, hddm_w.py
rng = random.Random(42)
error_rate_jump = rng.choices([0, 1], k=1000)
error_rate_jump = error_rate_jump + rng.choices([0, 1], k=1000, weights=[0.3, 0.7])

# river/drift/cusum.py
rng = random.Random(12345)
stable = [rng.gauss(0, 1) for _ in range(200)]
shifted = [rng.gauss(3, 1) for _ in range(200)]
gaussian_shift = stable + shifted

# KSWIN draws its reference sample with random.Random(seed).sample(range(window - stat), stat);
# these draws check our port of CPython's Mersenne Twister, seeding and sample().
def draws(seed, n, k, times):
    r = random.Random(seed)
    return {"seed": seed, "n": n, "k": k, "samples": [r.sample(range(n), k) for _ in range(times)]}


python_random = {
    "draws": [
        draws(42, 70, 30, 40),  # KSWIN's defaults: the list-pool branch of sample()
        draws(1, 70, 30, 3),
        draws(0, 70, 30, 3),
        draws(-5, 10, 3, 3),  # negative seeds use |seed|
        draws(2**40 + 12345, 70, 30, 3),  # a seed of two 32-bit words
        draws(-(2**63), 70, 30, 3),  # Long.MIN_VALUE in Java: |seed| = 2**63
        draws(7, 500, 30, 3),  # n > setsize: the set branch of sample()
        draws(9, 4, 4, 3),
    ],
}
r = random.Random(42)
python_random["getrandbits32Seed42"] = [r.getrandbits(32) for _ in range(1300)]

json.dump(
    {
        "pythonRandom": python_random,
        "python": sys.version.split()[0],
        "twoDistributions": {
            "recipe": "rng = random.Random(12345); rng.choices([0, 1], k=1000) + rng.choices(range(4, 8), k=1000)",
            "values": two_distributions,
        },
        "gaussianShift": {
            "recipe": "rng = random.Random(12345); [rng.gauss(0, 1) for _ in range(200)] + [rng.gauss(3, 1) for _ in range(200)]",
            "values": gaussian_shift,
        },
        "errorRateJump": {
            "recipe": "rng = random.Random(42); rng.choices([0, 1], k=1000) + rng.choices([0, 1], k=1000, weights=[0.3, 0.7])",
            "values": error_rate_jump,
        },
    },
    sys.stdout,
    separators=(",", ":"),
)
sys.stdout.write("\n")
