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

json.dump(
    {
        "python": sys.version.split()[0],
        "twoDistributions": {
            "recipe": "rng = random.Random(12345); rng.choices([0, 1], k=1000) + rng.choices(range(4, 8), k=1000)",
            "values": two_distributions,
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
