/**
 * Drift statistics: two-sample tests and distances between reference and current data.
 *
 * <p>{@link dev.mlops.monitoring.drift.NumericStatistics} works on sorted numeric samples (sort
 * with {@link dev.mlops.monitoring.drift.DoubleRadixSort}), {@link
 * dev.mlops.monitoring.drift.CategoricalStatistics} on aligned category counts; both return a
 * {@link dev.mlops.monitoring.drift.StatResult} for a {@link
 * dev.mlops.monitoring.drift.DriftMethod}.
 *
 * <h2>Definitions</h2>
 *
 * <p>The tests follow scipy 1.10 ({@code ks_2samp}, {@code anderson_ksamp}, {@code
 * cramervonmises_2samp}, {@code mannwhitneyu}, {@code ttest_ind(equal_var=False)}, {@code
 * epps_singleton_2samp}, {@code wasserstein_distance}, {@code energy_distance}, {@code
 * chi2_contingency}, {@code fisher_exact}); the binned and normed distances follow Evidently's
 * stat tests (evidentlyai/evidently, {@code src/evidently/calculations/stattests}: {@code
 * utils.py} at commit 09795999bf4900f32ce9ec289dae0b262086a77b, {@code psi.py} at
 * 1d4cb0ebafde00c3381c199d4f72568183c9b161, {@code jensenshannon.py} at
 * 1a397178d3bf5416f106efad2c0ea71077b238ac, {@code hellinger_distance.py} at
 * 0d9d555d8b3cde7dc6b7b3913cad5e6b84fdbdb5, {@code wasserstein_distance_norm.py}, {@code
 * kl_div.py} and {@code z_stattest.py} at 0f00b625c570435702b15af2421c3280cea4cd6d, {@code
 * chisquare_stattest.py} at 0e1db3ac6d4ec7bcadacc056820e51b6a24209be). The test suite checks every
 * value against scipy and a re-implementation of those formulas
 * ({@code src/test/python/drift_reference.py}).
 *
 * <ul>
 *   <li>Binning: equal-width bins over the combined sample, numpy's Sturges count {@code
 *       ceil(log2(n1 + n2) + 1)} ({@code np.histogram_bin_edges(..., "sturges")}), last bin
 *       closed. Evidently bins a numeric column only when the reference has more than 20 distinct
 *       values and otherwise compares the frequencies of each value; that choice belongs to the
 *       caller (pass value counts to {@link dev.mlops.monitoring.drift.CategoricalStatistics}).
 *       Evidently's numeric Hellinger distance counts Sturges bins over the <em>distinct</em>
 *       values; so does this package.
 *   <li>Empty bins: PSI and KL replace an empty frequency by 0.0001, or by {@code min_nonzero /
 *       1e6} when that side's smallest non-zero frequency is at most 0.0001 (Evidently); KL then
 *       renormalises ({@code scipy.stats.entropy}). The other distances use raw frequencies.
 *   <li>Jensen–Shannon: base-2 logarithms, as Evidently ({@code base=2}), so at most 1.
 *   <li>Hellinger: {@code sqrt(sum((sqrt p - sqrt q)^2) / 2)}, Evidently's {@code sqrt(1 -
 *       sum(sqrt(p q)))} without its cancellation near 0; 0 (not Evidently's 1) for two identical
 *       constant samples.
 *   <li>Normed Wasserstein: divided by {@code max(population std of the reference, 0.001)}.
 *   <li>CHI_SQUARE is Pearson's test of homogeneity of the 2 x k table; Evidently's {@code
 *       chisquare} (a goodness-of-fit of current counts against scaled reference counts, infinite
 *       when a category appears only in current data) is {@link
 *       dev.mlops.monitoring.drift.CategoricalStatistics#chiSquareGoodnessOfFit}.
 *   <li>Z-test: pooled two-proportion test as Evidently, p = {@code 2 * sf(|z|)} (Evidently's
 *       {@code 2 * (1 - cdf(|z|))} is the same number with less precision for tiny p).
 *   <li>MMD: Gaussian kernel, median-heuristic bandwidth, biased squared MMD, seeded permutation
 *       p-value {@code (1 + #{permuted >= observed}) / (1 + permutations)}; samples over 500
 *       values are subsampled (seeded) to 500 per side.
 *   <li>Where scipy returns NaN this package returns a defined value: KS asymptotic with one value
 *       per side (p from n = 1), Mann–Whitney with every value tied (p = 1), Welch with two
 *       constant samples (p = 1 if equal, 0 otherwise), Fisher with an empty row or column (odds
 *       ratio 1, p = 1); or a typed error: Anderson–Darling with one distinct value or fewer than 4
 *       values, Epps–Singleton with two constant samples or a zero interquartile range.
 * </ul>
 */
package dev.mlops.monitoring.drift;
