package dev.mlops.core.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.core.tribuo.TribuoPredictor;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.tribuo.Model;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.rtree.CARTRegressionTrainer;
import org.tribuo.regression.sgd.linear.LinearSGDTrainer;
import org.tribuo.regression.sgd.objectives.SquaredLoss;
import org.tribuo.math.optimisers.AdaGrad;

/** The Shapley axioms, for exact enumeration, KernelSHAP and TreeSHAP on real Tribuo models. */
class ShapleyAxiomsProperties {
  private static final ExplainedOutput Y = ExplainedOutput.value();

  @Property(tries = 15)
  void efficiency_contributionsAddUpToPredictionMinusBase(@ForAll @LongRange(min = 1, max = 1_000_000) long seed,
      @ForAll @IntRange(min = 2, max = 8) int m, @ForAll @IntRange(min = 1, max = 6) int depth) {
    List<double[]> rows = ExplainFixtures.rows(seed, 80, m);
    Model<Regressor> model = new CARTRegressionTrainer(depth).train(ExplainFixtures.regression(rows, seed));
    TribuoPredictor p = TribuoPredictor.of(model);
    Background bg = Background.sample(rows, 8, seed);
    double[] x = rows.get(3);
    double fx = Y.of(p.predictRow(x));
    double ef = 0;
    for (int b = 0; b < bg.size(); b++) {
      ef += bg.weight(b) * Y.of(p.predictRow(bg.row(b)));
    }
    Explanation exact = ExactShapley.of(p, Y, bg).explain(x);
    Explanation kernel = KernelShap.builder(p, Y).background(bg).samples(64).exactUpTo(0).seed(seed).build().explain(x);
    for (Explanation e : List.of(exact, kernel)) {
      assertThat(e.sum()).isCloseTo(fx - ef, within(1e-9));
      assertThat(e.baseValue()).isCloseTo(ef, within(1e-9));
      assertThat(e.prediction()).isEqualTo(fx);
    }
  }

  @Property(tries = 15)
  void symmetry_interchangeableFeaturesGetEqualValues(@ForAll @LongRange(min = 1, max = 1_000_000) long seed,
      @ForAll @IntRange(min = 3, max = 7) int m) {
    // f depends on x0 and x1 only through symmetric terms; x and the background have x0 == x1
    FunctionPredictor p = FunctionPredictor.of(m, r -> Math.sin(r[0] + r[1]) * r[2] + r[0] * r[1] + Math.exp(-r[0] * r[0] - r[1] * r[1]));
    List<double[]> rows = ExplainFixtures.rows(seed, 10, m);
    rows.forEach(r -> r[1] = r[0]);
    Explanation e = ExactShapley.of(p, Y, Background.of(rows.subList(1, 10))).explain(rows.get(0));
    assertThat(e.contributions().get(0)).isCloseTo(e.contributions().get(1), within(1e-12));
  }

  @Property(tries = 15)
  void dummy_aFeatureTheModelIgnoresGetsZero(@ForAll @LongRange(min = 1, max = 1_000_000) long seed,
      @ForAll @IntRange(min = 2, max = 7) int m, @ForAll @IntRange(min = 1, max = 6) int depth) {
    // A tree trained without the last column's information: the column is pure noise unrelated to y,
    // and the tree is given a copy of the data where it is constant, so it never splits on it.
    List<double[]> rows = ExplainFixtures.rows(seed, 80, m + 1);
    List<double[]> constant = rows.stream().map(r -> {
      double[] c = r.clone();
      c[m] = 0.5;
      return c;
    }).toList();
    Model<Regressor> model = new CARTRegressionTrainer(depth).train(ExplainFixtures.regression(constant, seed));
    TribuoPredictor p = TribuoPredictor.of(model);
    Background bg = Background.sample(rows, 6, seed);
    double[] x = rows.get(0);
    int ignored = p.schema().indexOf(ExplainFixtures.names(m + 1)[m]);
    assertThat(ExactShapley.of(p, Y, bg).explain(x).contributions().get(ignored)).isEqualTo(0.0);
    TreeShap shap = TreeShap.of(model, rows);
    assertThat(shap.explain(x, Y).contributions().get(ignored)).isEqualTo(0.0);
    assertThat(shap.explainInterventional(x, Y, bg).contributions().get(ignored)).isEqualTo(0.0);
  }

  @Property(tries = 10)
  void linearity_valuesOfASumOfModelsAreTheSumOfTheirValues(@ForAll @LongRange(min = 1, max = 1_000_000) long seed,
      @ForAll @IntRange(min = 2, max = 7) int m) {
    List<double[]> rows = ExplainFixtures.rows(seed, 80, m);
    var data = ExplainFixtures.regression(rows, seed);
    TribuoPredictor tree = TribuoPredictor.of(new CARTRegressionTrainer(4).train(data));
    TribuoPredictor linear = TribuoPredictor.of(new LinearSGDTrainer(new SquaredLoss(), new AdaGrad(0.3), 3, seed).train(data));
    FunctionPredictor sum = FunctionPredictor.sum(tree, Y, linear, Y);
    Background bg = Background.sample(rows, 6, seed);
    double[] x = rows.get(1);
    double[] a = ExactShapley.of(tree, Y, bg).explain(x).contributionArray();
    double[] b = ExactShapley.of(linear, Y, bg).explain(x).contributionArray();
    double[] s = ExactShapley.of(sum, Y, bg).explain(x).contributionArray();
    double[] ka = kernel(tree, bg, seed, x);
    double[] kl = kernel(linear, bg, seed, x);
    double[] ks = kernel(sum, bg, seed, x);
    for (int i = 0; i < m; i++) {
      assertThat(s[i]).isCloseTo(a[i] + b[i], within(1e-9));
      assertThat(ks[i]).isCloseTo(ka[i] + kl[i], within(1e-9));
    }
  }

  private static double[] kernel(dev.mlops.core.model.TabularPredictor p, Background bg, long seed, double[] x) {
    return KernelShap.builder(p, Y).background(bg).samples(80).exactUpTo(0).seed(seed).build().explain(x).contributionArray();
  }
}
