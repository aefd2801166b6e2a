package dev.mlops.monitoring.performance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every metric against scikit-learn / scipy / statsmodels values:
 * {@code src/test/resources/dev/mlops/monitoring/performance/performance_reference.json}, written by
 * {@code src/test/python/performance_reference.py} (run with {@code /usr/bin/python3}; the command is in the
 * script). The inputs are in the JSON, so both sides compute on the same numbers.
 */
class PerformanceReferenceTest {
  static final double TOL = 1e-9;
  static JsonNode ref;

  @BeforeAll
  static void load() throws IOException {
    String path = "/dev/mlops/monitoring/performance/performance_reference.json";
    try (InputStream in = PerformanceReferenceTest.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("test resource " + path + " is missing; run performance_reference.py");
      }
      ref = new ObjectMapper().readTree(in);
    }
  }

  static double[] doubles(JsonNode arr) {
    double[] out = new double[arr.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = arr.get(i).asDouble();
    }
    return out;
  }

  static int[] ints(JsonNode arr) {
    int[] out = new int[arr.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = arr.get(i).asInt();
    }
    return out;
  }

  static double[][] matrix(JsonNode arr) {
    double[][] out = new double[arr.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = doubles(arr.get(i));
    }
    return out;
  }

  static void close(double actual, JsonNode expected) {
    assertThat(actual).isCloseTo(expected.asDouble(), within(TOL));
  }

  @Test
  void binaryMetrics_matchScikitLearn() {
    for (JsonNode c : ref.get("binary")) {
      int[] y = ints(c.get("labels"));
      int[] pred = ints(c.get("predicted"));
      double[] p = doubles(c.get("probabilities"));
      close(ClassificationMetrics.accuracy(y, pred), c.get("accuracy"));
      close(ClassificationMetrics.precision(y, pred), c.get("precision"));
      close(ClassificationMetrics.recall(y, pred), c.get("recall"));
      close(ClassificationMetrics.f1(y, pred), c.get("f1"));
      close(ClassificationMetrics.rocAuc(y, p), c.get("rocAuc"));
      close(ClassificationMetrics.logLoss(y, p), c.get("logLoss"));
      close(ClassificationMetrics.expectedCalibrationError(y, p), c.get("ece10"));
      close(ClassificationMetrics.expectedCalibrationError(y, p, 15), c.get("ece15"));
      // The binary case through the two-column API gives the same values.
      double[][] two = new double[p.length][];
      for (int i = 0; i < p.length; i++) {
        two[i] = new double[] {1 - p[i], p[i]};
      }
      close(ClassificationMetrics.rocAuc(y, two), c.get("rocAuc"));
      close(ClassificationMetrics.logLoss(y, two), c.get("logLoss"));
    }
  }

  @Test
  void wilsonIntervals_matchStatsmodels() {
    MetricIntervals intervals = MetricIntervals.defaults();
    for (JsonNode c : ref.get("binary")) {
      int[] y = ints(c.get("labels"));
      int[] pred = ints(c.get("predicted"));
      MetricEstimate acc = intervals.accuracy(y, pred);
      assertThat(acc.method()).isEqualTo(IntervalMethod.WILSON);
      assertThat(acc.n()).isEqualTo(y.length);
      close(acc.value(), c.get("accuracy"));
      close(acc.lower(), c.get("accuracyWilson").get(0));
      close(acc.upper(), c.get("accuracyWilson").get(1));
      MetricEstimate precision = intervals.precision(y, pred);
      close(precision.value(), c.get("precision"));
      close(precision.lower(), c.get("precisionWilson").get(0));
      close(precision.upper(), c.get("precisionWilson").get(1));
      MetricEstimate recall = intervals.recall(y, pred);
      close(recall.value(), c.get("recall"));
      close(recall.lower(), c.get("recallWilson").get(0));
      close(recall.upper(), c.get("recallWilson").get(1));
    }
    for (JsonNode c : ref.get("wilson")) {
      MetricEstimate e = intervals.withLevel(c.get("level").asDouble())
          .wilson(c.get("count").asLong(), c.get("nobs").asLong());
      close(e.lower(), c.get("lower"));
      close(e.upper(), c.get("upper"));
    }
  }

  @Test
  void deLong_matchesTheDefinition() {
    for (JsonNode c : ref.get("binary")) {
      int[] y = ints(c.get("labels"));
      double[] p = doubles(c.get("probabilities"));
      assertThat(MetricIntervals.deLongVariance(y, p)).isCloseTo(c.get("delongVariance").asDouble(), within(1e-12));
      MetricEstimate auc = MetricIntervals.defaults().rocAuc(y, p);
      assertThat(auc.method()).isEqualTo(IntervalMethod.DELONG);
      close(auc.value(), c.get("delongAuc"));
      close(auc.lower(), c.get("delongLower"));
      close(auc.upper(), c.get("delongUpper"));
    }
  }

  @Test
  void multiclassMetrics_matchScikitLearn() {
    for (JsonNode c : ref.get("multiclass")) {
      int[] y = ints(c.get("labels"));
      int[] pred = ints(c.get("predicted"));
      double[][] p = matrix(c.get("probabilities"));
      close(ClassificationMetrics.accuracy(y, pred), c.get("accuracy"));
      for (Averaging a : new Averaging[] {Averaging.MACRO, Averaging.MICRO, Averaging.WEIGHTED}) {
        String s = "_" + a.name().toLowerCase(java.util.Locale.ROOT);
        close(ClassificationMetrics.precision(y, pred, a), c.get("precision" + s));
        close(ClassificationMetrics.recall(y, pred, a), c.get("recall" + s));
        close(ClassificationMetrics.f1(y, pred, a), c.get("f1" + s));
      }
      close(ClassificationMetrics.rocAuc(y, p), c.get("rocAucOvr"));
      close(ClassificationMetrics.logLoss(y, p), c.get("logLoss"));
      close(ClassificationMetrics.expectedCalibrationError(y, p), c.get("ece10"));
      // micro precision is a proportion of all rows: Wilson with n rows
      MetricEstimate micro = MetricIntervals.defaults().precision(y, pred, Averaging.MICRO);
      assertThat(micro.method()).isEqualTo(IntervalMethod.WILSON);
      assertThat(micro.n()).isEqualTo(y.length);
    }
  }

  @Test
  void regressionMetrics_matchScikitLearn() {
    for (JsonNode c : ref.get("regression")) {
      double[] a = doubles(c.get("actual"));
      double[] p = doubles(c.get("predicted"));
      close(RegressionMetrics.mae(a, p), c.get("mae"));
      close(RegressionMetrics.rmse(a, p), c.get("rmse"));
      close(RegressionMetrics.r2(a, p), c.get("r2"));
    }
  }

  @Test
  void mcNemar_matchesStatsmodels() {
    for (JsonNode c : ref.get("mcnemar")) {
      McNemarResult r = McNemarTest.fromCounts(c.get("n").asInt(), c.get("b").asInt(), c.get("c").asInt());
      assertThat(r.exact()).isEqualTo(c.get("exact").asBoolean());
      close(r.statistic(), c.get("statistic"));
      assertThat(r.pValue()).isCloseTo(c.get("pValue").asDouble(),
          within(Math.max(1e-15, 1e-9 * c.get("pValue").asDouble())));
    }
  }

  @Test
  void mcNemar_fromPredictions_countsDiscordantRows() {
    int[] y = {1, 1, 1, 0, 0, 0, 1, 0};
    int[] a = {1, 1, 0, 0, 1, 0, 1, 0}; // wrong on rows 2, 4
    int[] b = {1, 0, 0, 1, 0, 0, 0, 0}; // wrong on rows 1, 2, 3, 6
    McNemarResult r = McNemarTest.compare(y, a, b);
    assertThat(r.onlyFirstCorrect()).isEqualTo(3); // rows 1, 3, 6
    assertThat(r.onlySecondCorrect()).isEqualTo(1); // row 4
    assertThat(r.accuracyDifference()).isEqualTo(2.0 / 8);
    assertThat(r.exact()).isTrue();
    assertThat(r.pValue()).isCloseTo(0.625, within(1e-12)); // 2 * P(Bin(4, .5) <= 1) = 2 * 5/16
  }

  @Test
  void bootstrapIntervals_agreeWithScipyPercentileBootstrap() {
    MetricIntervals intervals = MetricIntervals.defaults();
    for (JsonNode c : ref.get("binary")) {
      if (!c.has("f1Bootstrap")) {
        continue;
      }
      int[] y = ints(c.get("labels"));
      int[] pred = ints(c.get("predicted"));
      double[] p = doubles(c.get("probabilities"));
      MetricEstimate f1 = intervals.f1(y, pred);
      assertThat(f1.method()).isEqualTo(IntervalMethod.BOOTSTRAP_PERCENTILE);
      close(f1.value(), c.get("f1"));
      // different random streams: the bounds agree to Monte Carlo error (~0.1 of the width)
      double tol = 0.12 * f1.width();
      assertThat(f1.lower()).isCloseTo(c.get("f1Bootstrap").get(0).asDouble(), within(tol));
      assertThat(f1.upper()).isCloseTo(c.get("f1Bootstrap").get(1).asDouble(), within(tol));
      MetricEstimate ll = intervals.logLoss(y, p);
      close(ll.value(), c.get("logLoss"));
      double tolLl = 0.12 * ll.width();
      assertThat(ll.lower()).isCloseTo(c.get("logLossBootstrap").get(0).asDouble(), within(tolLl));
      assertThat(ll.upper()).isCloseTo(c.get("logLossBootstrap").get(1).asDouble(), within(tolLl));
    }
    for (JsonNode c : ref.get("regression")) {
      if (!c.has("rmseBootstrap")) {
        continue;
      }
      MetricEstimate rmse = intervals.rmse(doubles(c.get("actual")), doubles(c.get("predicted")));
      close(rmse.value(), c.get("rmse"));
      double tol = 0.12 * rmse.width();
      assertThat(rmse.lower()).isCloseTo(c.get("rmseBootstrap").get(0).asDouble(), within(tol));
      assertThat(rmse.upper()).isCloseTo(c.get("rmseBootstrap").get(1).asDouble(), within(tol));
    }
  }
}
