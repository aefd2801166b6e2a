#!/usr/bin/python3
"""Reference values for dev.mlops.monitoring.performance, from scikit-learn, scipy and statsmodels.

Run with Debian's interpreter
(apt-get install -y python3-sklearn python3-scipy python3-statsmodels):

    /usr/bin/python3 mlops-monitoring/src/test/python/performance_reference.py \
        > mlops-monitoring/src/test/resources/dev/mlops/monitoring/performance/performance_reference.json

Inputs are generated here from a fixed seed and written into the JSON, so PerformanceReferenceTest runs on
exactly these numbers. Point metrics come from scikit-learn; Wilson intervals and McNemar's test from
statsmodels; DeLong's variance is computed here from its definition (the O(m n) placement values of
DeLong, DeLong and Clarke-Pearson 1988), independent of the Java midrank algorithm; ECE from its
definition in numpy (scikit-learn has no ECE); percentile bootstrap intervals from
scipy.stats.bootstrap (a different random stream: the Java test compares them loosely).
"""
import json
import sys

import numpy as np
import scipy
import sklearn
import statsmodels
from scipy import stats
from sklearn import metrics
from statsmodels.stats.contingency_tables import mcnemar
from statsmodels.stats.proportion import proportion_confint

rng = np.random.default_rng(20261122)
out = {"versions": {"numpy": np.__version__, "scipy": scipy.__version__, "sklearn": sklearn.__version__,
                    "statsmodels": statsmodels.__version__}}


def binary_case(n, rounding, shift):
    y = rng.integers(0, 2, n)
    logit = shift * (2 * y - 1) + rng.normal(0, 1.5, n)
    p = 1 / (1 + np.exp(-logit))
    if rounding is not None:
        p = np.round(p, rounding)  # ties
    return y, p


def delong_definition(y, s):
    pos = s[y == 1]
    neg = s[y == 0]
    m, n = len(pos), len(neg)
    psi = (pos[:, None] > neg[None, :]).astype(float) + 0.5 * (pos[:, None] == neg[None, :])
    v10 = psi.mean(axis=1)
    v01 = psi.mean(axis=0)
    auc = psi.mean()
    var = v10.var(ddof=1) / m + v01.var(ddof=1) / n
    return auc, var


def ece_binary(y, p, bins):
    b = np.minimum((p * bins).astype(int), bins - 1)
    total = 0.0
    for j in range(bins):
        sel = b == j
        if sel.any():
            total += abs(y[sel].sum() - p[sel].sum())
    return total / len(y)


def ece_top_label(y, P, bins):
    conf = P.max(axis=1)
    pred = P.argmax(axis=1)
    b = np.minimum((conf * bins).astype(int), bins - 1)
    total = 0.0
    for j in range(bins):
        sel = b == j
        if sel.any():
            total += abs((pred[sel] == y[sel]).sum() - conf[sel].sum())
    return total / len(y)


binary = []
for name, n, rounding, shift in [("ties", 300, 2, 0.8), ("smooth", 500, None, 1.0), ("small", 12, 1, 0.5)]:
    y, p = binary_case(n, rounding, shift)
    pred = (p > 0.5).astype(int)
    auc, var = delong_definition(y, p)
    z = stats.norm.ppf(0.975)
    case = {
        "name": name, "labels": y.tolist(), "probabilities": p.tolist(), "predicted": pred.tolist(),
        "accuracy": metrics.accuracy_score(y, pred),
        "precision": metrics.precision_score(y, pred, zero_division=0),
        "recall": metrics.recall_score(y, pred, zero_division=0),
        "f1": metrics.f1_score(y, pred, zero_division=0),
        "rocAuc": metrics.roc_auc_score(y, p),
        "logLoss": metrics.log_loss(y, p, labels=[0, 1]),
        "ece10": ece_binary(y, p, 10), "ece15": ece_binary(y, p, 15),
        "delongAuc": auc, "delongVariance": var,
        "delongLower": max(0.0, auc - z * np.sqrt(var)), "delongUpper": min(1.0, auc + z * np.sqrt(var)),
    }
    tp = int(((pred == 1) & (y == 1)).sum())
    fp = int(((pred == 1) & (y == 0)).sum())
    fn = int(((pred == 0) & (y == 1)).sum())
    case["accuracyWilson"] = list(proportion_confint(int((pred == y).sum()), n, alpha=0.05, method="wilson"))
    case["precisionWilson"] = list(proportion_confint(tp, tp + fp, alpha=0.05, method="wilson"))
    case["recallWilson"] = list(proportion_confint(tp, tp + fn, alpha=0.05, method="wilson"))
    if n >= 100:
        f1 = stats.bootstrap((y, pred), lambda a, b: metrics.f1_score(a, b, zero_division=0), paired=True,
                             vectorized=False, n_resamples=2000, method="percentile", random_state=1)
        ll = stats.bootstrap((y, p), lambda a, b: metrics.log_loss(a, b, labels=[0, 1]), paired=True,
                             vectorized=False, n_resamples=2000, method="percentile", random_state=1)
        case["f1Bootstrap"] = [f1.confidence_interval.low, f1.confidence_interval.high]
        case["logLossBootstrap"] = [ll.confidence_interval.low, ll.confidence_interval.high]
    binary.append(case)
out["binary"] = binary

multiclass = []
for name, n, k in [("three", 240, 3), ("five", 400, 5)]:
    y = rng.integers(0, k, n)
    logits = rng.normal(0, 1, (n, k))
    logits[np.arange(n), y] += 1.2
    P = np.exp(logits)
    P /= P.sum(axis=1, keepdims=True)
    pred = P.argmax(axis=1)
    if name == "five":
        P[0] = 0.0  # a zero probability on the label exercises the clipping
        P[0, (y[0] + 1) % k] = 1.0
        pred[3] = k  # a class predicted but absent from the labels (macro averages over it)
    case = {"name": name, "labels": y.tolist(), "probabilities": P.tolist(), "predicted": pred.tolist(),
            "accuracy": metrics.accuracy_score(y, pred)}
    for avg in ["macro", "micro", "weighted"]:
        case["precision_" + avg] = metrics.precision_score(y, pred, average=avg, zero_division=0)
        case["recall_" + avg] = metrics.recall_score(y, pred, average=avg, zero_division=0)
        case["f1_" + avg] = metrics.f1_score(y, pred, average=avg, zero_division=0)
    case["rocAucOvr"] = metrics.roc_auc_score(y, P, multi_class="ovr", average="macro")
    case["logLoss"] = metrics.log_loss(y, P, labels=list(range(k)))
    case["ece10"] = ece_top_label(y, P, 10)
    multiclass.append(case)
out["multiclass"] = multiclass

regression = []
for name, n in [("linear", 200), ("small", 5)]:
    x = rng.normal(0, 1, n)
    actual = 3 * x + rng.normal(0, 1, n)
    predicted = 2.8 * x + 0.1
    case = {"name": name, "actual": actual.tolist(), "predicted": predicted.tolist(),
            "mae": metrics.mean_absolute_error(actual, predicted),
            "rmse": metrics.mean_squared_error(actual, predicted, squared=False),
            "r2": metrics.r2_score(actual, predicted)}
    if n >= 100:
        b = stats.bootstrap((actual, predicted),
                            lambda a, p: metrics.mean_squared_error(a, p, squared=False), paired=True,
                            vectorized=False, n_resamples=2000, method="percentile", random_state=1)
        case["rmseBootstrap"] = [b.confidence_interval.low, b.confidence_interval.high]
    regression.append(case)
# constant actual values: scikit-learn's force_finite convention
regression.append({"name": "constant", "actual": [2.0, 2.0, 2.0], "predicted": [2.0, 2.5, 1.0],
                   "mae": metrics.mean_absolute_error([2, 2, 2], [2, 2.5, 1]),
                   "rmse": metrics.mean_squared_error([2, 2, 2], [2, 2.5, 1], squared=False),
                   "r2": metrics.r2_score([2, 2, 2], [2, 2.5, 1])})
out["regression"] = regression

wilson = []
for count, nobs, level in [(0, 10, 0.95), (10, 10, 0.95), (7, 20, 0.95), (481, 1000, 0.99), (1, 3, 0.9),
                           (95, 100, 0.8)]:
    lo, hi = proportion_confint(count, nobs, alpha=1 - level, method="wilson")
    wilson.append({"count": count, "nobs": nobs, "level": level, "lower": lo, "upper": hi})
out["wilson"] = wilson

mc = []
for b, c in [(0, 0), (3, 9), (12, 12), (5, 19), (30, 14), (100, 60), (400, 300), (1, 40)]:
    table = [[50, b], [c, 40]]
    exact = (b + c) < 25
    r = mcnemar(table, exact=exact, correction=True)
    mc.append({"b": b, "c": c, "n": 90 + b + c, "exact": exact, "statistic": float(r.statistic),
               "pValue": float(r.pvalue)})
out["mcnemar"] = mc

json.dump(out, sys.stdout, indent=1)
sys.stdout.write("\n")
