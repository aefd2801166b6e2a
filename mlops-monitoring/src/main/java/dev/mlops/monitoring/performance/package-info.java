/**
 * Model performance: classification and regression metrics with confidence intervals, paired comparisons
 * of two models on the same rows, and (for production) delayed-label joining and label-free estimation.
 *
 * <p>Entry points: {@link dev.mlops.monitoring.performance.ClassificationMetrics} and
 * {@link dev.mlops.monitoring.performance.RegressionMetrics} (point values),
 * {@link dev.mlops.monitoring.performance.MetricIntervals} (values with Wilson, DeLong or bootstrap
 * intervals, and paired bootstrap differences), {@link dev.mlops.monitoring.performance.McNemarTest};
 * {@link dev.mlops.monitoring.performance.LabelJoiner} (delayed labels joined to predictions by id, per-window
 * metrics) and {@link dev.mlops.monitoring.performance.ConfidenceBasedEstimator} (label-free estimates for
 * calibrated classifiers).
 * Every value is checked against scikit-learn, scipy and statsmodels in the tests.
 */
package dev.mlops.monitoring.performance;
