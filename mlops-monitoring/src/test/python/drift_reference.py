#!/usr/bin/python3
"""Reference values for the drift statistics of dev.mlops.monitoring.drift.

Run with Debian's scipy (apt-get install -y python3-scipy):

    /usr/bin/python3 mlops-monitoring/src/test/python/drift_reference.py

It writes mlops-monitoring/src/test/resources/dev/mlops/monitoring/drift/drift_reference.json:
fixed seeded data sets (written out in full, so the Java tests need no random generator of
numpy's) and, for each, scipy's values and Evidently's formulas re-implemented below.

Evidently (evidentlyai/evidently, src/evidently/calculations/stattests/, read at these
commits of the files): utils.py get_binned_data @ 09795999bf4900f32ce9ec289dae0b262086a77b,
psi.py @ 1d4cb0ebafde00c3381c199d4f72568183c9b161, kl_div.py @
0f00b625c570435702b15af2421c3280cea4cd6d, jensenshannon.py @
1a397178d3bf5416f106efad2c0ea71077b238ac, hellinger_distance.py @
0d9d555d8b3cde7dc6b7b3913cad5e6b84fdbdb5, tvd_stattest.py @
1ccb840cabe81566f0b28b54f50f2d64b928008e, wasserstein_distance_norm.py @
0f00b625c570435702b15af2421c3280cea4cd6d, z_stattest.py @
0f00b625c570435702b15af2421c3280cea4cd6d, chisquare_stattest.py @
0e1db3ac6d4ec7bcadacc056820e51b6a24209be.
"""
import json
import math
import os
import warnings

import numpy as np
import scipy
from scipy import stats
from scipy.spatial import distance
from scipy import special

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "dev", "mlops",
                   "monitoring", "drift", "drift_reference.json")


def fnum(x):
    x = float(x)
    if math.isnan(x):
        return None
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


def numeric_sets():
    rng = np.random.default_rng(20261122)
    sets = []

    def add(name, ref, cur):
        # six decimals keep the committed file small; the values are computed on these numbers
        sets.append((name, [round(float(v), 6) for v in ref], [round(float(v), 6) for v in cur]))

    add("tiny_1_1", [0.5], [1.5])
    add("tiny_1_3", [0.2], rng.normal(size=3))
    add("tiny_2_5", rng.normal(size=2), rng.normal(1.0, 1.0, size=5))
    add("tiny_3_4", rng.normal(size=3), rng.normal(size=4))
    add("tiny_5_5", rng.normal(size=5), rng.normal(0.5, 1.0, size=5))
    add("small_7_8", rng.normal(size=7), rng.normal(0.8, 1.0, size=8))
    add("ties_rounded_40_50", np.round(rng.normal(size=40)), np.round(rng.normal(0.3, 1.0, size=50)))
    add("discrete_poisson_200_150", rng.poisson(3.0, size=200), rng.poisson(3.4, size=150))
    add("unequal_100_37", rng.normal(size=100), rng.normal(0.3, 1.0, size=37))
    add("cauchy_300_250", rng.standard_cauchy(size=300), rng.standard_cauchy(size=250) + 0.2)
    add("equal_500_500", rng.normal(size=500), rng.normal(0.1, 1.0, size=500))
    add("same_draws_80_60", rng.normal(size=80), rng.normal(size=60))
    add("exponential_1000_800", rng.exponential(size=1000), rng.exponential(1.1, size=800))
    add("large_5000_5000", rng.normal(size=5000), rng.normal(0.03, 1.0, size=5000))
    add("large_11000_10500", rng.normal(size=11000), rng.normal(0.02, 1.0, size=10500))
    add("large_10200_16000_shift", rng.normal(size=10200), rng.normal(0.05, 1.0, size=16000))
    add("asymp_small_30_40", rng.normal(size=30), rng.normal(0.4, 1.0, size=40))
    add("asymp_tiny_6_9", rng.normal(size=6), rng.normal(1.5, 1.0, size=9))
    add("far_apart_50_60", rng.normal(size=50), rng.normal(6.0, 1.0, size=60))
    add("constant_same_10_8", [2.0] * 10, [2.0] * 8)
    add("constant_different_10_8", [2.0] * 10, [3.0] * 8)
    add("all_ties_two_values_30_20", [0.0] * 15 + [1.0] * 15, [0.0] * 5 + [1.0] * 15)
    add("uniform_ints_25_25", rng.integers(0, 5, size=25), rng.integers(0, 6, size=25))
    add("tiny_vs_large_3_2000", rng.normal(0.5, 1.0, size=3), rng.normal(size=2000))
    add("exact_mw_8_300", rng.normal(0.7, 1.0, size=8), rng.normal(size=300))
    add("cvm_exact_20_13", rng.normal(size=20), rng.normal(0.6, 1.0, size=13))
    return sets


# ---------------------------------------------------------------- Evidently's formulas

def evidently_binned(ref, cur, fill):
    """get_binned_data for a numeric column with more than 20 unique values (Sturges bins over the
    combined sample), or the frequencies as they are otherwise -- the Java side bins always, so the
    reference here is always the numeric branch."""
    bins = np.histogram_bin_edges(np.concatenate([ref, cur]), bins="sturges")
    rp = np.histogram(ref, bins)[0] / len(ref)
    cp = np.histogram(cur, bins)[0] / len(cur)
    if fill:
        rp, cp = evidently_fill(rp), evidently_fill(cp)
    return rp, cp, bins


def evidently_fill(p):
    p = np.array(p, dtype=float)
    nz = p[p != 0]
    np.place(p, p == 0, min(nz) / 10**6 if min(nz) <= 0.0001 else 0.0001)
    return p


def evidently_psi(rp, cp):
    v = 0.0
    for i in range(len(rp)):
        v += (rp[i] - cp[i]) * np.log(rp[i] / cp[i])
    return v


def evidently_hellinger_num(ref, cur):
    keys = list(set(ref) | set(cur))
    bins = np.histogram_bin_edges(keys, bins="sturges")
    h1 = np.histogram(ref, bins=bins, density=True)[0]
    h2 = np.histogram(cur, bins=bins, density=True)[0]
    bin_width = (max(keys) - min(keys)) / len(h1)
    h = 0.0
    for i in range(len(h1)):
        h += math.sqrt(h1[i] * h2[i]) * bin_width
    h = np.clip(h, 0, 1)
    return math.sqrt(1 - h)


def hellinger_stable(p, q):
    """The same distance as Evidently's sqrt(1 - sum(sqrt(p q))) without its cancellation."""
    return min(1.0, math.sqrt(np.sum((np.sqrt(p) - np.sqrt(q)) ** 2) / 2))


def hellinger_num_stable(ref, cur):
    """Evidently's numeric binning (Sturges over the distinct values), stable formula."""
    keys = list(set(ref) | set(cur))
    bins = np.histogram_bin_edges(keys, bins="sturges")
    p = np.histogram(ref, bins=bins)[0] / len(ref)
    q = np.histogram(cur, bins=bins)[0] / len(cur)
    return hellinger_stable(p, q)


def evidently_wasserstein_norm(ref, cur):
    norm = max(np.std(ref), 0.001)
    return stats.wasserstein_distance(ref, cur) / norm


# ---------------------------------------------------------------- MMD (our definition)

def mmd_statistic(ref, cur):
    """Biased squared MMD, Gaussian kernel exp(-d^2 / (2 s^2)), s = median of the pairwise
    distances |z_i - z_j|, i < j, of the pooled sample (s = 1 when that median is 0)."""
    z = np.concatenate([ref, cur])
    d = np.abs(z[:, None] - z[None, :])
    iu = np.triu_indices(len(z), k=1)
    s = np.median(d[iu]) if len(iu[0]) else 0.0
    if s == 0:
        s = 1.0
    k = np.exp(-d * d / (2 * s * s))
    n1 = len(ref)
    kxx = k[:n1, :n1].mean()
    kyy = k[n1:, n1:].mean()
    kxy = k[:n1, n1:].mean()
    return kxx + kyy - 2 * kxy


def numeric_values(ref, cur):
    ref = np.array(ref)
    cur = np.array(cur)
    out = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for method in ("exact", "asymp", "auto"):
            r = stats.ks_2samp(ref, cur, method=method)
            out["ks_" + method] = [fnum(r.statistic), fnum(r.pvalue)]
        out["wasserstein"] = fnum(stats.wasserstein_distance(ref, cur))
        out["wasserstein_normed"] = fnum(evidently_wasserstein_norm(ref, cur))
        out["energy"] = fnum(stats.energy_distance(ref, cur))
        rp, cp, bins = evidently_binned(ref, cur, fill=True)
        out["bins"] = len(bins) - 1
        out["psi"] = fnum(evidently_psi(rp, cp))
        out["kl"] = fnum(stats.entropy(rp, cp))
        rj, cj, _ = evidently_binned(ref, cur, fill=False)
        out["js"] = fnum(distance.jensenshannon(rj, cj, 2))
        out["tvd"] = fnum(0.5 * np.sum(np.abs(rj - cj)))
        out["hellinger_evidently"] = fnum(evidently_hellinger_num(list(ref), list(cur)))
        out["hellinger"] = fnum(hellinger_num_stable(list(ref), list(cur)))
        if len(ref) <= 500 and len(cur) <= 500:  # the Java side subsamples beyond 500
            out["mmd"] = fnum(mmd_statistic(ref, cur))
        if len(set(np.concatenate([ref, cur]))) > 1:
            try:
                r = stats.anderson_ksamp([ref, cur])
                out["anderson"] = [fnum(r.statistic), fnum(r.significance_level)]
            except (ValueError, IndexError):
                pass  # scipy cannot compute it (e.g. one value per sample)
        if len(ref) >= 2 and len(cur) >= 2:
            r = stats.cramervonmises_2samp(ref, cur)
            out["cvm"] = [fnum(r.statistic), fnum(r.pvalue)]
            r = stats.ttest_ind(ref, cur, equal_var=False)
            out["welch"] = [fnum(r.statistic), fnum(r.pvalue)]
        r = stats.mannwhitneyu(ref, cur)
        out["mannwhitney"] = [fnum(r.statistic), fnum(r.pvalue)]
        if len(ref) >= 5 and len(cur) >= 5 and (np.ptp(ref) > 0 or np.ptp(cur) > 0):
            # (two constant samples make the covariance estimate 0: scipy's W is rounding noise)
            try:
                r = stats.epps_singleton_2samp(ref, cur)
                if np.isfinite(r.statistic):
                    out["epps"] = [fnum(r.statistic), fnum(r.pvalue)]
            except (ValueError, np.linalg.LinAlgError):
                pass
    return out


# ---------------------------------------------------------------- categorical

def categorical_sets():
    return [
        ("three_with_new_category", [120, 80, 0], [90, 100, 10]),
        ("two_balanced", [50, 50], [30, 70]),
        ("two_small", [5, 0], [3, 2]),
        ("two_fisher", [3, 7], [8, 2]),
        ("two_opposite", [0, 10], [10, 0]),
        ("two_same_constant", [10, 0], [12, 0]),
        ("two_large", [1000, 20], [980, 45]),
        ("four_with_gone_and_new", [1000, 1, 0, 30], [900, 0, 5, 40]),
        ("tiny_share_fill", [100000, 3, 0], [50000, 0, 7]),
        ("identical", [10, 20, 30], [10, 20, 30]),
        ("many", [5, 9, 13, 0, 22, 1, 7, 3], [6, 4, 15, 2, 20, 0, 9, 8]),
    ]


def categorical_values(rc, cc):
    rc = np.array(rc, dtype=np.int64)
    cc = np.array(cc, dtype=np.int64)
    out = {}
    rp = rc / rc.sum()
    cp = cc / cc.sum()
    rpf, cpf = evidently_fill(rp), evidently_fill(cp)
    out["psi"] = fnum(evidently_psi(rpf, cpf))
    out["kl"] = fnum(stats.entropy(rpf, cpf))
    out["js"] = fnum(distance.jensenshannon(rp, cp, 2))
    out["js_e"] = fnum(distance.jensenshannon(rp, cp))
    out["tvd"] = fnum(0.5 * np.sum(np.abs(rp - cp)))
    out["linf"] = fnum(np.max(np.abs(rp - cp)))
    # Evidently's categorical Hellinger: sqrt(1 - clip(sum(sqrt(p1 p2)), 0, 1))
    out["hellinger_evidently"] = fnum(math.sqrt(1 - np.clip(np.sum(np.sqrt(rp * cp)), 0, 1)))
    out["hellinger"] = fnum(hellinger_stable(rp, cp))
    keep = (rc + cc) > 0
    table = np.array([rc[keep], cc[keep]])
    if table.shape[1] >= 2:
        chi = stats.chi2_contingency(table, correction=False)
        g = stats.chi2_contingency(table, correction=False, lambda_="log-likelihood")
        out["chi2"] = [fnum(chi[0]), fnum(chi[1])]
        out["g"] = [fnum(g[0]), fnum(g[1])]
    else:
        out["chi2"] = [0.0, 1.0]
        out["g"] = [0.0, 1.0]
    # Evidently's chisquare: goodness of fit of current against the scaled reference
    with np.errstate(divide="ignore", invalid="ignore"):
        k_norm = cc.sum() / rc.sum()
        f_exp = rc * k_norm
        f_obs = cc
        mask = (f_exp > 0) | (f_obs > 0)  # Evidently's keys: categories seen on either side
        if mask.sum() < 2:
            out["chi2_gof"] = [0.0, 1.0]  # one category: no test possible; we define p = 1
        elif np.all(f_exp[mask] > 0):
            r = stats.chisquare(f_obs[mask], f_exp[mask])
            out["chi2_gof"] = [fnum(r[0]), fnum(r[1])]
        else:
            out["chi2_gof"] = ["Infinity", 0.0]
    if len(rc) == 2:
        r = stats.fisher_exact([[rc[0], rc[1]], [cc[0], cc[1]]])
        out["fisher"] = [fnum(r[0]), fnum(r[1])]
        # Evidently's z-test (pooled), p-value as 2 * norm.sf(|z|) (Evidently writes
        # 2 * (1 - norm.cdf(|z|)), equal up to the rounding of 1 - cdf)
        n1, n2 = rc.sum(), cc.sum()
        p1, p2 = rc[1] / n1, cc[1] / n2
        P = (p1 * n1 + p2 * n2) / (n1 + n2)
        if P == 0 or P == 1:
            out["z"] = [0.0, 1.0]
        else:
            z = (p1 - p2) / np.sqrt(P * (1 - P) * (1.0 / n1 + 1.0 / n2))
            out["z"] = [fnum(z), fnum(2 * stats.norm.sf(abs(z)))]
            out["z_evidently_p"] = fnum(2 * (1 - stats.norm.cdf(abs(z))))
    return out


def kstwo_grid():
    """kstwo.sf(d, n), the distribution behind ks_2samp's asymptotic p-value, over every branch
    of scipy's _kolmogn: Ruben-Gambino ends, Durbin matrix, Pomeranz, Pelz-Good, Smirnov sums."""
    out = []
    for n in (1, 2, 5, 10, 37, 100, 140, 141, 500, 3000, 50000, 100000, 100001, 500000):
        for d in (0.0005, 0.002, 0.004725, 0.01, 0.03, 0.07, 0.1, 0.2, 0.35, 0.5, 0.6, 0.9, 0.99):
            out.append([n, d, fnum(stats.kstwo.sf(d, n))])
    return out


def main():
    doc = {
        "generator": "mlops-monitoring/src/test/python/drift_reference.py",
        "scipy": scipy.__version__,
        "numpy": np.__version__,
        "numeric": [],
        "categorical": [],
    }
    for name, ref, cur in numeric_sets():
        doc["numeric"].append({"name": name, "reference": ref, "current": cur,
                               "values": numeric_values(ref, cur)})
    for name, rc, cc in categorical_sets():
        doc["categorical"].append({"name": name, "reference": rc, "current": cc,
                                   "values": categorical_values(rc, cc)})
    doc["kstwo_sf"] = kstwo_grid()
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(doc, f, indent=1, allow_nan=False)
        f.write("\n")
    print("wrote", os.path.normpath(OUT))


if __name__ == "__main__":
    main()
