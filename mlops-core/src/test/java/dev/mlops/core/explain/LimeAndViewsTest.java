package dev.mlops.core.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.tribuo.TribuoPredictor;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

class LimeAndViewsTest {

  /** A logistic model over columnar features f00@value.. where f00 drives the class. */
  static final class Columnar {
    static final List<double[]> ROWS = ExplainFixtures.rows(8L, 300, 5);
    static final Model<Label> MODEL;

    static {
      LabelFactory f = new LabelFactory();
      MutableDataset<Label> d = new MutableDataset<>(new SimpleDataSourceProvenance("generated", f), f);
      String[] names = new String[5];
      for (int i = 0; i < 5; i++) {
        names[i] = String.format("f%02d@value", i);
      }
      java.util.SplittableRandom rnd = new java.util.SplittableRandom(8L);
      for (double[] r : ROWS) {
        double z = 3 * r[0] - r[1] + 0.5 * rnd.nextGaussian();
        d.add(new ArrayExample<>(new Label(z > 0 ? "yes" : "no"), names, r.clone()));
      }
      MODEL = new LogisticRegressionTrainer().train(d);
    }

    private Columnar() {}
  }

  @Test
  void lime_throughTribuosLimeColumnar_givesASurrogateWithItsFit_andAgreesOnTheDrivingFeature() {
    LimeExplainer lime = LimeExplainer.numeric(Columnar.MODEL, 500, 4L);
    double[] x = Columnar.ROWS.get(7);
    ExplainedOutput yes = ExplainedOutput.score("yes");
    Explanation e = lime.explain(x, yes);
    assertThat(e.method()).isEqualTo(ExplanationMethod.LIME);
    assertThat(e.accuracy().kind()).isEqualTo(Accuracy.Kind.SURROGATE_R2);
    assertThat(e.accuracy().value()).isLessThanOrEqualTo(1.0).isGreaterThan(0.3);
    assertThat(e.features()).containsExactly("f00@value", "f01@value", "f02@value", "f03@value", "f04@value");
    assertThat(e.prediction()).isCloseTo(yes.of(TribuoPredictor.of(Columnar.MODEL).predictRow(x)), within(1e-12));
    // the surrogate's slopes w_j = contribution / x_j: the class is driven by +3·f00 − f01, so LIME's local
    // linear fit must put f00's slope first (positive) and f01's second (negative)
    double[] slope = new double[5];
    for (int i = 0; i < 5; i++) {
      slope[i] = e.contributions().get(i) / x[i];
    }
    assertThat(slope[0]).isGreaterThan(0);
    assertThat(slope[1]).isLessThan(0);
    for (int i = 1; i < 5; i++) {
      assertThat(Math.abs(slope[0])).isGreaterThan(Math.abs(slope[i]));
    }
    for (int i = 2; i < 5; i++) {
      assertThat(Math.abs(slope[1])).isGreaterThan(Math.abs(slope[i]));
    }
    assertThat(lime.explain(x, yes)).as("same seed, same row").isEqualTo(e);
  }

  @Test
  void lime_rejectsModelsOutsideTheColumnarPipeline_andUnknownClasses() {
    assertThatThrownBy(() -> LimeExplainer.numeric(KernelShapTest.Wine.MODEL, 100, 1L)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("field@value");
    LimeExplainer lime = LimeExplainer.numeric(Columnar.MODEL, 100, 1L);
    assertThatThrownBy(() -> lime.explain(Columnar.ROWS.get(0), ExplainedOutput.score("maybe"))).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void json_roundTripsExplanationsAndImportances_andRejectsNewerVersions() {
    Explanation e = KernelShap.builder(KernelShapTest.Wine.PREDICTOR, ExplainedOutput.score("class_1"))
        .background(Background.sample(KernelShapTest.Wine.ROWS, 10, 1L)).samples(400).exactUpTo(0).build().explain(KernelShapTest.Wine.ROWS.get(0));
    String json = ExplanationJson.write(e);
    assertThat(json).contains("\"schemaVersion\" : 1").contains("\"kind\" : \"explanation\"").contains("kernel_shap");
    assertThat(ExplanationJson.readExplanation(json)).isEqualTo(e);
    GlobalImportance g = GlobalImportance.meanAbsolute(List.of(e, e));
    assertThat(ExplanationJson.readImportance(ExplanationJson.write(g))).isEqualTo(g);
    assertThatThrownBy(() -> ExplanationJson.readExplanation(json.replace("\"schemaVersion\" : 1", "\"schemaVersion\" : 99")))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("Upgrade");
    assertThatThrownBy(() -> ExplanationJson.readExplanation("{\"schemaVersion\":1,\"kind\":\"explanation\"}"))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> ExplanationJson.readExplanation("not json")).isInstanceOf(InvalidInputException.class);
    String withExtra = json.replaceFirst("\\{", "{\"future\": [1,2],");
    assertThat(ExplanationJson.readExplanation(withExtra)).isEqualTo(e);
  }

  @Test
  void html_escapesEveryText_carriesNoScript_andForbidsScriptsByPolicy() {
    String evil = "<script>alert('x')</script>&\"";
    Explanation e = new Explanation(ExplanationMethod.EXACT_SHAPLEY, ExplainedOutput.score(evil), List.of(evil, "b"), List.of(1.0, 2.0),
        List.of(0.5, -0.25), List.of(), 1.0, 1.25, new Accuracy(Accuracy.Kind.ADDITIVITY_ERROR, 0));
    GlobalImportance g = new GlobalImportance(ExplanationMethod.PERMUTATION_IMPORTANCE, evil, List.of(evil, "b"), List.of(0.3, 0.1),
        List.of(0.2, -0.1), List.of(0.4, 0.3), 5, 0.9);
    for (String html : List.of(ExplanationHtml.waterfall(e), ExplanationHtml.importanceChart(g))) {
      assertThat(html).doesNotContain("<script").doesNotContain("alert('x')").contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;");
      assertThat(html).contains("Content-Security-Policy").contains("script-src 'none'").contains("<svg");
      assertThat(html.toLowerCase()).doesNotContain("javascript:").doesNotContain(" onload=").doesNotContain(" onclick=");
    }
    assertThat(ExplanationHtml.waterfall(e)).contains("base value").contains("prediction f(x)");
  }

  @Test
  void explanation_rejectsNonFiniteNumbers_andGroupsKeepAdditivity() {
    assertThatThrownBy(() -> new Explanation(ExplanationMethod.EXACT_SHAPLEY, ExplainedOutput.value(), List.of("a"), List.of(),
        List.of(Double.NaN), List.of(), 0, 0, new Accuracy(Accuracy.Kind.ADDITIVITY_ERROR, 0))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Accuracy(Accuracy.Kind.SURROGATE_R2, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    Explanation e = new Explanation(ExplanationMethod.KERNEL_SHAP, ExplainedOutput.value(), List.of("c@a", "c@b", "d"), List.of(),
        List.of(0.5, 0.25, -1.0), List.of(0.1, 0.2, 0.3), 2.0, 1.75, new Accuracy(Accuracy.Kind.MAX_STANDARD_ERROR, 0.3));
    Explanation grouped = e.grouped(FeatureGroups.bySeparator(e.features(), "@"));
    assertThat(grouped.features()).containsExactly("c", "d");
    assertThat(grouped.contributions()).containsExactly(0.75, -1.0);
    assertThat(grouped.standardErrors().get(0)).isCloseTo(Math.sqrt(0.05), within(1e-15));
    assertThat(grouped.additivityError()).isLessThan(1e-15);
  }
}
