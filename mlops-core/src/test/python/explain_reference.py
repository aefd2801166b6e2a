#!/usr/bin/python3
"""Independent reference values for dev.mlops.core.explain tests.

Run with Debian's python3 + scipy:  /usr/bin/python3 explain_reference.py > ../resources/explain/reference.json

1. A small hand-made tree (with a feature repeated on a path and given node covers): path-dependent
   Shapley values by brute-force enumeration of E[f(x) | x_S] (Lundberg's Algorithm 1 recursion),
   and interventional Shapley values over a background set, both straight from the Shapley formula.
2. Student-t 97.5% quantiles used by permutation-importance confidence intervals (scipy).
"""
import itertools
import json
import math

from scipy import stats

# node: (feature, threshold, left(<=), right(>)) or ('leaf', value)
TREE = {
    0: (0, 0.5, 1, 2),
    1: (1, 1.0, 3, 4),
    2: (2, 0.0, 7, 8),
    3: ('leaf', 1.0),
    4: (0, -1.0, 5, 6),
    5: ('leaf', 2.5),
    6: ('leaf', -0.5),
    7: ('leaf', 4.0),
    8: (1, 2.0, 9, 10),
    9: ('leaf', 0.0),
    10: ('leaf', 3.0),
}
COVER = {0: 100, 1: 60, 2: 40, 3: 35, 4: 25, 5: 5, 6: 20, 7: 10, 8: 30, 9: 18, 10: 12}
M = 3
ROWS = [[0.2, 1.5, -1.0], [1.0, 3.0, 0.5], [-2.0, 0.5, 2.0], [0.7, 1.5, -0.3]]
BACKGROUND = [[0.0, 0.0, 0.0], [1.0, 2.5, 1.0], [-1.5, 1.2, -0.5]]


def predict(x, n=0):
    node = TREE[n]
    if node[0] == 'leaf':
        return node[1]
    f, t, l, r = node
    return predict(x, r if x[f] > t else l)


def expectation(x, s, n=0):
    node = TREE[n]
    if node[0] == 'leaf':
        return node[1]
    f, t, l, r = node
    if f in s:
        return expectation(x, s, r if x[f] > t else l)
    return (COVER[l] * expectation(x, s, l) + COVER[r] * expectation(x, s, r)) / COVER[n]


def interventional(x, s):
    return sum(predict([x[j] if j in s else b[j] for j in range(M)]) for b in BACKGROUND) / len(BACKGROUND)


def shapley(v):
    phi = []
    for i in range(M):
        others = [j for j in range(M) if j != i]
        total = 0.0
        for k in range(M):
            for s in itertools.combinations(others, k):
                w = math.factorial(k) * math.factorial(M - k - 1) / math.factorial(M)
                total += w * (v(set(s) | {i}) - v(set(s)))
        phi.append(total)
    return phi


out = {
    "tree": {str(k): list(v) for k, v in TREE.items()},
    "cover": {str(k): v for k, v in COVER.items()},
    "rows": ROWS,
    "background": BACKGROUND,
    "pathDependent": [shapley(lambda s, x=x: expectation(x, s)) for x in ROWS],
    "pathDependentBase": expectation(ROWS[0], set()),
    "interventional": [shapley(lambda s, x=x: interventional(x, s)) for x in ROWS],
    "interventionalBase": interventional(ROWS[0], set()),
    "tQuantile975": {str(df): stats.t.ppf(0.975, df) for df in (1, 2, 4, 9, 19)},
}
print(json.dumps(out, indent=2))
