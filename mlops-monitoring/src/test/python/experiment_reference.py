#!/usr/bin/python3
"""Reference values for dev.mlops.monitoring.experiment, computed with scipy and statsmodels.

Run with Debian's interpreter (apt-get install -y python3-scipy python3-statsmodels):

    /usr/bin/python3 mlops-monitoring/src/test/python/experiment_reference.py \
        > mlops-monitoring/src/test/resources/experiment/reference.json

The data sets are generated here from a fixed seed and written into the JSON, so the Java tests
(ExperimentReferenceTest) run on exactly the same numbers.
"""
import json
import sys

import numpy as np
import scipy
import statsmodels
from scipy import integrate, stats
from statsmodels.stats.proportion import confint_proportions_2indep, proportions_ztest
from statsmodels.stats.weightstats import CompareMeans, DescrStatsW

rng = np.random.default_rng(20261122)
CONF = 0.95
Z = stats.norm.ppf(1 - (1 - CONF) / 2)


def delta_relative(m_c, v_c, m_t, v_t):
    """Delta-method interval of m_t / m_c - 1 (v_* are variances of the means)."""
    rel = m_t / m_c - 1
    se = np.sqrt(v_t / m_c**2 + m_t**2 * v_c / m_c**4)
    return rel, rel - Z * se, rel + Z * se


out = {"generator": "experiment_reference.py", "scipy": scipy.__version__,
       "statsmodels": statsmodels.__version__, "confidence": CONF}

# Sample ratio mismatch: scipy.stats.chisquare against the weights' expectation.
srm = []
for observed, weights in [([5000, 5000], [1, 1]), ([5120, 4880], [1, 1]), ([5250, 4750], [1, 1]),
                          ([9012, 988], [90, 10]), ([8890, 1110], [90, 10]), ([3300, 3350, 3350], [1, 1, 1]),
                          ([50321, 49679], [50, 50])]:
    total = sum(observed)
    expected = [total * w / sum(weights) for w in weights]
    chi2, p = stats.chisquare(observed, expected)
    srm.append({"observed": observed, "weights": weights, "chi2": chi2, "p": p})
out["srm"] = srm

# Two-proportion z-test (pooled), Wald interval of the difference, delta-method relative interval.
zt = []
for c_s, c_n, t_s, t_n in [(480, 10000, 540, 10000), (120, 2000, 95, 2100), (31, 400, 52, 410),
                           (2500, 50000, 2650, 50000), (7, 150, 15, 160)]:
    z, p = proportions_ztest([t_s, c_s], [t_n, c_n])
    lo, hi = confint_proportions_2indep(t_s, t_n, c_s, c_n, method="wald", compare="diff", alpha=1 - CONF)
    p_c, p_t = c_s / c_n, t_s / t_n
    rel, rlo, rhi = delta_relative(p_c, p_c * (1 - p_c) / c_n, p_t, p_t * (1 - p_t) / t_n)
    zt.append({"cS": c_s, "cN": c_n, "tS": t_s, "tN": t_n, "z": z, "p": p, "diffLow": lo, "diffHigh": hi,
               "rel": rel, "relLow": rlo, "relHigh": rhi})
out["ztest"] = zt

# Welch's t-test: scipy for t and p, statsmodels for the interval of the difference.
welch = []
for n_c, n_t, mu_c, mu_t, sd_c, sd_t in [(200, 240, 10.0, 10.6, 3.0, 4.0), (35, 50, 1.0, 1.3, 0.5, 1.1),
                                         (1000, 900, 100.0, 100.4, 15.0, 15.0)]:
    c = rng.normal(mu_c, sd_c, n_c)
    t = rng.normal(mu_t, sd_t, n_t)
    res = stats.ttest_ind(t, c, equal_var=False)
    cm = CompareMeans(DescrStatsW(t), DescrStatsW(c))
    lo, hi = cm.tconfint_diff(alpha=1 - CONF, usevar="unequal")
    rel, rlo, rhi = delta_relative(c.mean(), c.var(ddof=1) / n_c, t.mean(), t.var(ddof=1) / n_t)
    v_c, v_t = c.var(ddof=1) / n_c, t.var(ddof=1) / n_t
    df = (v_c + v_t) ** 2 / (v_c**2 / (n_c - 1) + v_t**2 / (n_t - 1))
    welch.append({"control": c.tolist(), "treatment": t.tolist(), "t": res.statistic, "p": res.pvalue, "df": df,
                  "diffLow": lo, "diffHigh": hi, "rel": rel, "relLow": rlo, "relHigh": rhi})
out["welch"] = welch

# CUPED: theta from the pooled data, adjusted metrics compared with scipy's Welch test.
cuped = []
for n_c, n_t, effect, rho in [(500, 520, 0.3, 0.8), (300, 280, 0.0, 0.5)]:
    x_c = rng.normal(20, 5, n_c)
    x_t = rng.normal(20, 5, n_t)
    y_c = 5 + rho * x_c + rng.normal(0, 5 * np.sqrt(1 - rho**2), n_c)
    y_t = 5 + effect + rho * x_t + rng.normal(0, 5 * np.sqrt(1 - rho**2), n_t)
    y = np.concatenate([y_c, y_t])
    x = np.concatenate([x_c, x_t])
    theta = np.cov(y, x, ddof=1)[0, 1] / np.var(x, ddof=1)
    adj_c = y_c - theta * (x_c - x.mean())
    adj_t = y_t - theta * (x_t - x.mean())
    res = stats.ttest_ind(adj_t, adj_c, equal_var=False)
    cm = CompareMeans(DescrStatsW(adj_t), DescrStatsW(adj_c))
    lo, hi = cm.tconfint_diff(alpha=1 - CONF, usevar="unequal")
    adj = np.concatenate([adj_c, adj_t])
    reduction = 1 - np.var(adj, ddof=1) / np.var(y, ddof=1)
    raw = stats.ttest_ind(y_t, y_c, equal_var=False)
    cuped.append({"controlY": y_c.tolist(), "controlX": x_c.tolist(), "treatmentY": y_t.tolist(),
                  "treatmentX": x_t.tolist(), "theta": theta, "t": res.statistic, "p": res.pvalue, "diffLow": lo,
                  "diffHigh": hi, "varianceReduction": reduction, "rawT": raw.statistic, "rawP": raw.pvalue})
out["cuped"] = cuped

# mSPRT log likelihood ratio: the normal mixture integrated numerically with scipy (not the closed form),
#   Lambda = integral N(d; theta, V) N(theta; theta0, tau^2) dtheta / N(d; theta0, V).
msprt = []
for d, v, tau, theta0 in [(0.01, 0.0001, 0.02, 0.0), (0.002, 0.00004, 0.01, 0.0), (-0.05, 0.0004, 0.05, 0.0),
                          (1.5, 0.25, 1.0, 0.5), (0.0, 0.01, 0.1, 0.0)]:
    sd = np.sqrt(v)
    num, _ = integrate.quad(lambda th: stats.norm.pdf(d, th, sd) * stats.norm.pdf(th, theta0, tau),
                            theta0 - 12 * tau, theta0 + 12 * tau, points=[d], limit=200, epsabs=0, epsrel=1e-12)
    den = stats.norm.pdf(d, theta0, sd)
    msprt.append({"difference": d, "variance": v, "tau": tau, "theta0": theta0, "logLR": float(np.log(num / den))})
out["msprt"] = msprt

# Bayesian, conversions: Beta(1 + s, 1 + f) posteriors, P(T > C) and expected losses by quadrature.
bayes = []
for c_s, c_n, t_s, t_n in [(480, 10000, 540, 10000), (12, 100, 18, 100), (3, 40, 2, 45), (2500, 50000, 2450, 50000)]:
    a_c, b_c = 1 + c_s, 1 + c_n - c_s
    a_t, b_t = 1 + t_s, 1 + t_n - t_s
    lo = min(stats.beta.ppf(1e-13, a_c, b_c), stats.beta.ppf(1e-13, a_t, b_t))
    hi = max(stats.beta.isf(1e-13, a_c, b_c), stats.beta.isf(1e-13, a_t, b_t))
    pts = [stats.beta.mean(a_c, b_c), stats.beta.mean(a_t, b_t)]
    prob, _ = integrate.quad(lambda x: stats.beta.pdf(x, a_t, b_t) * stats.beta.cdf(x, a_c, b_c), lo, hi,
                             points=pts, limit=500, epsabs=1e-14)
    loss_t, _ = integrate.dblquad(lambda c, t: (c - t) * stats.beta.pdf(c, a_c, b_c) * stats.beta.pdf(t, a_t, b_t),
                                  lo, hi, lambda t: t, lambda t: hi, epsabs=1e-13)
    loss_c, _ = integrate.dblquad(lambda t, c: (t - c) * stats.beta.pdf(c, a_c, b_c) * stats.beta.pdf(t, a_t, b_t),
                                  lo, hi, lambda c: c, lambda c: hi, epsabs=1e-13)
    bayes.append({"cS": c_s, "cN": c_n, "tS": t_s, "tN": t_n, "prob": prob, "lossT": loss_t, "lossC": loss_c})
out["bayesConversions"] = bayes

# Bayesian, means: D ~ N(d, V); P(D > 0) and E[max(-D, 0)] by quadrature.
bm = []
for n_c, mean_c, var_c, n_t, mean_t, var_t in [(200, 10.0, 9.0, 240, 10.6, 16.0), (1000, 5.0, 4.0, 1000, 4.95, 4.0)]:
    v = var_c / n_c + var_t / n_t
    d = mean_t - mean_c
    sd = np.sqrt(v)
    prob = stats.norm.sf(0, d, sd)
    loss_t, _ = integrate.quad(lambda x: -x * stats.norm.pdf(x, d, sd), d - 40 * sd, 0, epsabs=1e-15)
    loss_c, _ = integrate.quad(lambda x: x * stats.norm.pdf(x, d, sd), 0, d + 40 * sd, epsabs=1e-15)
    bm.append({"cN": n_c, "cMean": mean_c, "cVar": var_c, "tN": n_t, "tMean": mean_t, "tVar": var_t, "prob": prob,
               "lossT": loss_t, "lossC": loss_c})
out["bayesMeans"] = bm

json.dump(out, sys.stdout, indent=1, default=float)
sys.stdout.write("\n")
