package dev.mlops.core.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.distribution.TDistribution;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Values from an independent Python reference (src/test/python/explain_reference.py, scipy): a hand-made
 * tree with a repeated feature on a path, explained path-dependently and interventionally by
 * brute-force enumeration of the Shapley formula.
 */
class ReferenceValuesTest {
  private static JsonNode ref;
  private static TreeEnsemble ensemble;

  @BeforeAll
  static void load() throws Exception {
    try (InputStream in = ReferenceValuesTest.class.getResourceAsStream("/explain/reference.json")) {
      assertThat(in).as("reference.json on the test class path").isNotNull();
      ref = new ObjectMapper().readTree(in);
    }
    JsonNode tree = ref.get("tree");
    int n = tree.size();
    int[] feature = new int[n];
    double[] threshold = new double[n];
    int[] left = new int[n];
    int[] right = new int[n];
    double[][] value = new double[n][];
    double[] cover = new double[n];
    for (int i = 0; i < n; i++) {
      JsonNode node = tree.get(String.valueOf(i));
      cover[i] = ref.get("cover").get(String.valueOf(i)).doubleValue();
      if (node.get(0).isTextual()) {
        feature[i] = -1;
        left[i] = -1;
        right[i] = -1;
        value[i] = new double[] {node.get(1).doubleValue()};
      } else {
        feature[i] = node.get(0).intValue();
        threshold[i] = node.get(1).doubleValue();
        left[i] = node.get(2).intValue();
        right[i] = node.get(3).intValue();
      }
    }
    ensemble = new TreeEnsemble(3, List.of("y"), List.of(new TreeEnsemble.Tree(feature, threshold, left, right, value, cover)));
  }

  @Test
  void pathDependent_fastLundbergAndEnumerationMatchTheReference() {
    FastTreeShap fast = FastTreeShap.tryCreate(ensemble);
    for (int r = 0; r < ref.get("rows").size(); r++) {
      double[] x = array(ref.get("rows").get(r));
      double[] expected = array(ref.get("pathDependent").get(r));
      assertArray(fast.shap(x, 0), expected);
      assertArray(fast.shapAll(List.of(x, x), 0)[1], expected);
      assertArray(LundbergTreeShap.shap(ensemble, x, 0), expected);
    }
    double[] zero = new double[3];
    assertThat(ensemble.expectation(zero, new boolean[3], 0)).isCloseTo(ref.get("pathDependentBase").doubleValue(), within(1e-12));
  }

  @Test
  void interventional_matchesTheReference() {
    List<double[]> bg = new ArrayList<>();
    ref.get("background").forEach(b -> bg.add(array(b)));
    Background background = Background.of(bg);
    for (int r = 0; r < ref.get("rows").size(); r++) {
      double[] x = array(ref.get("rows").get(r));
      assertArray(InterventionalTreeShap.shap(ensemble, x, background, 0), array(ref.get("interventional").get(r)));
    }
  }

  @Test
  void studentQuantiles_usedByPermutationIntervals_matchScipy() {
    ref.get("tQuantile975").properties().forEach(e -> assertThat(
        new TDistribution(Integer.parseInt(e.getKey())).inverseCumulativeProbability(0.975)).isCloseTo(e.getValue().doubleValue(), within(1e-9)));
  }

  static double[] array(JsonNode a) {
    double[] d = new double[a.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = a.get(i).doubleValue();
    }
    return d;
  }

  static void assertArray(double[] actual, double[] expected) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < actual.length; i++) {
      assertThat(actual[i]).as("feature %d", i).isCloseTo(expected[i], within(1e-12));
    }
  }
}
