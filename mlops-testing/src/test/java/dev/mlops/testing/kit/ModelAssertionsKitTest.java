package dev.mlops.testing.kit;

import static dev.mlops.testing.assertions.ModelAssertions.assertThatData;
import static dev.mlops.testing.assertions.ModelAssertions.assertThatModel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.core.model.TabularPredictor;
import dev.mlops.monitoring.frame.Column;
import dev.mlops.monitoring.frame.Frame;
import dev.mlops.monitoring.frame.NumericColumn;
import dev.mlops.testing.ModelTest;
import dev.mlops.testing.assertions.Direction;
import dev.mlops.testing.assertions.FunctionalityCase;
import dev.mlops.testing.assertions.Metric;
import dev.mlops.testing.assertions.ModelAssertionError;
import dev.mlops.testing.assertions.ModelOnData;
import dev.mlops.testing.assertions.Perturbation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.engine.TestExecutionResult;

/**
 * Runs every model assertion, as a {@link ModelTest} suite through the JUnit Platform's
 * {@link EngineTestKit}, on good models (every test passes) and on deliberately bad ones (every test
 * fails, with the documented message): the constant predictor, the model that ignores a feature, the
 * model that is wrong on one slice, shifted data, and a constant regression.
 */
class ModelAssertionsKitTest {
  @TempDir
  Path reports;

  /** The assertions, one per test, on the models and data the subclass chooses. */
  @ModelTest
  abstract static class CancerSuite {
    final CancerData d = CancerData.get();

    /** For quality, champion comparisons and minimum functionality. */
    abstract TabularPredictor quality();

    /** For calibration, slices, fairness and invariance. */
    abstract TabularPredictor sliced();

    /** For the directional expectation. */
    abstract TabularPredictor directional();

    /** The data the data checks look at. */
    abstract Frame current();

    ModelOnData on(TabularPredictor model) {
      return assertThatModel(model).on(d.test(), CancerData.LABEL).withPositiveClass(CancerData.POSITIVE);
    }

    @Test
    void accuracy() {
      on(quality()).accuracy().lowerBound().isAtLeast(0.9);
    }

    @Test
    void precision() {
      on(quality()).precision().lowerBound().isAtLeast(0.85);
    }

    @Test
    void recall() {
      on(quality()).recall().lowerBound().isAtLeast(0.85);
    }

    @Test
    void f1() {
      on(quality()).f1().lowerBound().isAtLeast(0.9);
    }

    @Test
    void auc() {
      on(quality()).auc().lowerBound().isAtLeast(0.93);
    }

    @Test
    void logLoss() {
      on(quality()).logLoss().isAtMost(0.5);
    }

    @Test
    void calibrationError() {
      on(sliced()).calibrationError().upperBound().isAtMost(0.1);
    }

    @Test
    void noRegressionMcNemar() {
      on(quality()).comparedTo(d.champion()).accuracyNotWorse(0.02);
    }

    @Test
    void noRegressionPairedBootstrap() {
      on(quality()).comparedTo(d.champion()).notWorse(Metric.AUC, 0.03);
    }

    @Test
    void worstSlice() {
      on(sliced()).slicedBy(CancerData.SITE).accuracy().lowerBound().isAtLeast(0.8);
    }

    @Test
    void demographicParity() {
      on(sliced()).slicedBy(CancerData.SITE).demographicParityDifference().isAtMost(0.3);
    }

    @Test
    void equalOpportunity() {
      on(sliced()).slicedBy(CancerData.SITE).equalOpportunityDifference().isAtMost(0.2);
    }

    @Test
    void invariance() {
      // The site a sample comes from must not change the diagnosis (a model without the feature passes).
      Perturbation otherSite = row -> {
        if (!row.containsKey(CancerData.SITE)) {
          return row;
        }
        Map<String, Double> out = new LinkedHashMap<>(row);
        out.put(CancerData.SITE, (row.get(CancerData.SITE) + 1) % 3);
        return out;
      };
      on(sliced()).invariantTo("sample from the next site", otherSite).holds();
    }

    @Test
    void directionalExpectation() {
      on(directional()).directional("one sd more " + CancerData.IGNORED, Perturbation.add(CancerData.IGNORED, 1.0), Direction.UP)
          .strictly().failureRateAtMost(0.2);
    }

    @Test
    void minimumFunctionality() {
      List<FunctionalityCase> cases = new ArrayList<>();
      Frame test = d.test();
      // The five test rows the good model is most sure of, per label: clear cases any model must get right.
      for (String label : List.of("malignant", "benign")) {
        List<Integer> rows = new ArrayList<>();
        for (int r = 0; r < test.rowCount(); r++) {
          if (d.label(test, r).equals(label)) {
            rows.add(r);
          }
        }
        rows.sort((a, b) -> Double.compare(score(b, label), score(a, label)));
        for (int r : rows.subList(0, 5)) {
          cases.add(FunctionalityCase.label("clear " + label + " #" + r, d.features(test, r), label));
        }
      }
      assertThatModel(quality()).passesMinimumFunctionality(cases);
    }

    private double score(int row, String label) {
      return ((dev.mlops.core.model.Prediction.Classification) d.good().predict(d.features(d.test(), row))).score(label);
    }

    @Test
    void noDrift() {
      assertThatData(current()).hasNoDriftFrom(d.train());
    }

    @Test
    void conformsToSignature() {
      assertThatData(current()).conformsTo(d.good().signature());
    }

    @Test
    void withinTrainingRanges() {
      assertThatData(current()).isWithinRangesOf(d.train(), 0.05);
    }
  }

  static class CancerGoodModels extends CancerSuite {
    @Override
    TabularPredictor quality() {
      return d.good();
    }

    @Override
    TabularPredictor sliced() {
      return d.good();
    }

    @Override
    TabularPredictor directional() {
      return d.good();
    }

    @Override
    Frame current() {
      return d.test();
    }
  }

  static class CancerBadModels extends CancerSuite {
    @Override
    TabularPredictor quality() {
      return d.constant();
    }

    @Override
    TabularPredictor sliced() {
      return d.worseOnSite2();
    }

    @Override
    TabularPredictor directional() {
      return d.ignoring();
    }

    @Override
    Frame current() {
      return shifted(d.test());
    }
  }

  /** The test rows with every feature moved by two standard deviations, and one missing value. */
  static Frame shifted(Frame frame) {
    List<Column> cols = new ArrayList<>();
    for (Column c : frame.columns()) {
      String name = c.spec().name();
      if (c instanceof NumericColumn n && !name.equals(CancerData.SITE)) {
        double[] v = n.toArray();
        for (int i = 0; i < v.length; i++) {
          v[i] += 2;
        }
        if (name.equals("mean_texture")) {
          v[7] = Double.NaN;
        }
        cols.add(new NumericColumn(name, v));
      } else {
        cols.add(c);
      }
    }
    return Frame.of(cols);
  }

  @ModelTest
  abstract static class DiabetesSuite {
    final DiabetesData d = DiabetesData.get();

    abstract TabularPredictor model();

    ModelOnData on() {
      return assertThatModel(model()).on(d.test(), DiabetesData.TARGET);
    }

    @Test
    void mae() {
      on().mae().upperBound().isAtMost(56);
    }

    @Test
    void rmse() {
      on().rmse().upperBound().isAtMost(70);
    }

    @Test
    void r2() {
      on().r2().lowerBound().isAtLeast(0.1);
    }

    @Test
    void noRegression() {
      on().comparedTo(d.champion()).notWorse(Metric.MAE, 5);
    }
  }

  static class DiabetesGoodModel extends DiabetesSuite {
    @Override
    TabularPredictor model() {
      return d.good();
    }
  }

  static class DiabetesConstantModel extends DiabetesSuite {
    @Override
    TabularPredictor model() {
      return d.constant();
    }
  }

  private EngineExecutionResults run(Class<?> suite) {
    return EngineTestKit.engine("junit-jupiter").selectors(selectClass(suite))
        .configurationParameter(ModelTest.REPORT_DIRECTORY_PROPERTY, reports.toString()).execute();
  }

  @Test
  void everyClassificationAssertion_passesOnGoodModels() throws IOException {
    EngineExecutionResults results = run(CancerGoodModels.class);
    assertThat(failures(results)).isEmpty();
    results.testEvents().assertStatistics(s -> s.started(18).succeeded(18).failed(0));

    JsonNode report = new ObjectMapper().readTree(reports.resolve(CancerGoodModels.class.getName() + ".json").toFile());
    assertThat(report.get("passed").asBoolean()).isTrue();
    assertThat(report.get("tests")).hasSize(18);
    for (JsonNode test : report.get("tests")) {
      assertThat(test.get("status").asText()).isEqualTo("PASSED");
      assertThat(test.get("assertions")).as(test.get("method").asText()).hasSize(1);
      assertThat(test.get("assertions").get(0).get("passed").asBoolean()).isTrue();
    }
    JsonNode accuracy = assertion(report, "accuracy");
    assertThat(accuracy.get("metric").asText()).isEqualTo("accuracy");
    assertThat(accuracy.get("lower").asDouble()).isGreaterThanOrEqualTo(0.9).isLessThan(accuracy.get("value").asDouble());
    assertThat(accuracy.get("upper").asDouble()).isGreaterThan(accuracy.get("value").asDouble());
    assertThat(accuracy.get("threshold").asDouble()).isEqualTo(0.9);
    assertThat(accuracy.get("message").asText()).contains("95% interval [");
    assertThat(Files.readString(reports.resolve(CancerGoodModels.class.getName() + ".html"))).contains("PASSED", "accuracy lower bound");
  }

  @Test
  void everyClassificationAssertion_failsOnBadModels_withItsMessage() throws IOException {
    Map<String, List<String>> expected = new LinkedHashMap<>();
    expected.put("accuracy", List.of("accuracy lower bound 0.5667 is below the threshold 0.9000 on all rows: value 0.6412, "
        + "95% interval [0.5667, 0.7094] (WILSON, n=170)", "failing rows (first 5 of 61):",
        "row 0: true malignant, predicted benign (score[benign]=0.626)"));
    expected.put("precision", List.of("precision lower bound 0.0000 is below the threshold 0.8500 on all rows", "(WILSON, n=0)"));
    expected.put("recall", List.of("recall lower bound 0.0000 is below the threshold 0.8500 on all rows", "(WILSON, n=61)"));
    expected.put("f1", List.of("F1 lower bound 0.0000 is below the threshold 0.9000", "BOOTSTRAP_PERCENTILE"));
    expected.put("auc", List.of("AUC lower bound 0.5000 is below the threshold 0.9300", "(DELONG, n=170)"));
    expected.put("logLoss", List.of("log-loss value 0.6532 exceeds the threshold 0.5000 on all rows"));
    expected.put("calibrationError", List.of("ECE upper bound", "exceeds the threshold 0.1000 on all rows: value 0.3328"));
    expected.put("noRegressionMcNemar", List.of("accuracy difference (challenger - champion) -0.3353 is significantly below the "
        + "margin -0.0200 on all rows: McNemar chi-square p = 0.0000", "only the champion right on 59 of 170 rows",
        "row 0: true malignant, challenger benign (score[benign]=0.626), champion malignant"));
    expected.put("noRegressionPairedBootstrap", List.of("AUC difference (challenger - champion) lower bound", "is below the margin -0.0300",
        "95% paired bootstrap interval"));
    expected.put("worstSlice", List.of("accuracy lower bound 0.0500 is below the threshold 0.8000 on slice site=2: value 0.1071, "
        + "95% interval [0.0500, 0.2147] (WILSON, n=56); 1 of 3 slices fail: site=2 (0.0500)", "failing rows (first 5 of 50):"));
    expected.put("demographicParity", List.of("demographic parity difference exceeds over column 'site'", "threshold 0.3000",
        "site=2: positive prediction rate"));
    expected.put("equalOpportunity", List.of("equal opportunity difference exceeds over column 'site'", "- 2 (0.",
        "> threshold 0.2000", "site=2: true positive rate"));
    expected.put("invariance", List.of("invariance 'sample from the next site': failed (prediction must not change) on",
        "failing rows (first 5 of", "; site "));
    expected.put("directionalExpectation", List.of("directional 'one sd more worst_concave_points': failed (score[malignant] must go up) "
        + "on 170 of 170 rows: failure rate 1.0000 > threshold 0.2000, all rows", "worst_concave_points 0.6173 -> 1.617"));
    expected.put("minimumFunctionality", List.of("minimum functionality: 5 of 10 cases fail (failure rate 0.5000, threshold 0)",
        "expected malignant, predicted benign (score[malignant]=0.374)"));
    expected.put("noDrift", List.of("dataset drift found:", "drifted columns:", "column mean_radius:"));
    expected.put("conformsToSignature", List.of("the data does not conform to the model's signature", "1 problems, 1 of 170 rows affected",
        "row 7: column mean_texture is missing or not finite"));
    expected.put("withinTrainingRanges", List.of("values outside the reference's ranges: worst column", "> threshold 0.0500",
        "outside ["));

    EngineExecutionResults results = run(CancerBadModels.class);
    results.testEvents().assertStatistics(s -> s.started(18).succeeded(0).failed(18));
    Map<String, Throwable> failures = failures(results);
    assertThat(failures.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    expected.forEach((test, fragments) -> {
      Throwable t = failures.get(test);
      assertThat(t).as(test).isInstanceOf(ModelAssertionError.class);
      assertThat(t.getMessage()).as(test).contains(fragments);
      assertThat(((ModelAssertionError) t).result().passed()).isFalse();
    });

    JsonNode report = new ObjectMapper().readTree(reports.resolve(CancerBadModels.class.getName() + ".json").toFile());
    assertThat(report.get("passed").asBoolean()).isFalse();
    JsonNode slice = assertion(report, "worstSlice");
    assertThat(slice.get("slice").asText()).isEqualTo("site=2");
    assertThat(slice.get("passed").asBoolean()).isFalse();
    assertThat(slice.get("message").asText()).contains("failing rows (first 5 of 50):");
  }

  @Test
  void everyRegressionAssertion_passesOnAGoodModel_andFailsOnAConstantOne() {
    EngineExecutionResults good = run(DiabetesGoodModel.class);
    assertThat(failures(good)).isEmpty();
    good.testEvents().assertStatistics(s -> s.started(4).succeeded(4));

    EngineExecutionResults bad = run(DiabetesConstantModel.class);
    bad.testEvents().assertStatistics(s -> s.started(4).failed(4));
    Map<String, Throwable> failures = failures(bad);
    assertThat(failures.get("mae")).hasMessageContaining("MAE upper bound 70.0229 exceeds the threshold 56.0000 on all rows: value 63.0985")
        .hasMessageContaining("failing rows (first 5 of 132):").hasMessageContaining("actual");
    assertThat(failures.get("rmse")).hasMessageContaining("RMSE upper bound").hasMessageContaining("exceeds the threshold 70.0000");
    assertThat(failures.get("r2")).hasMessageContaining("R2 lower bound").hasMessageContaining("is below the threshold 0.1000");
    assertThat(failures.get("noRegression")).hasMessageContaining("MAE difference (challenger - champion) upper bound 17.6548 exceeds the margin 5.0000");
  }

  private static JsonNode assertion(JsonNode report, String method) {
    for (JsonNode test : report.get("tests")) {
      if (test.get("method").asText().endsWith("#" + method)) {
        return test.get("assertions").get(0);
      }
    }
    throw new AssertionError("no test " + method + " in the report");
  }

  /** Test method name to the throwable it failed with. */
  private static Map<String, Throwable> failures(EngineExecutionResults results) {
    Map<String, Throwable> out = new LinkedHashMap<>();
    results.testEvents().failed().stream().forEach((Event e) -> {
      Optional<Throwable> t = e.getRequiredPayload(TestExecutionResult.class).getThrowable();
      String name = e.getTestDescriptor().getLegacyReportingName().replace("()", "");
      out.put(name, t.orElse(null));
    });
    return out;
  }
}
