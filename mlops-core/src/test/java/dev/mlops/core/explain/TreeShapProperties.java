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
import org.tribuo.classification.Label;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.ensemble.FullyWeightedVotingCombiner;
import org.tribuo.classification.ensemble.VotingCombiner;
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.ensemble.BaggingTrainer;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.ensemble.AveragingCombiner;
import org.tribuo.regression.rtree.CARTJointRegressionTrainer;
import org.tribuo.regression.rtree.CARTRegressionTrainer;

/**
 * TreeSHAP against exact Shapley values enumerated over the same trees' path-dependent expectations
 * (and, interventionally, over the real Tribuo predictor), on real Tribuo trees and ensembles trained
 * on generated data of generated sizes and depths.
 */
class TreeShapProperties {
  private static final double TOL = 1e-9;

  @Property(tries = 25)
  void cartClassifier_fastAndLundbergEqualExactShapley(@ForAll @LongRange(min = 1, max = 1_000_000) long seed,
      @ForAll @IntRange(min = 2, max = 7) int features, @ForAll @IntRange(min = 1, max = 8) int depth,
      @ForAll @IntRange(min = 2, max = 4) int classes) {
    List<double[]> rows = ExplainFixtures.rows(seed, 120, features);
    Model<Label> model = new CARTClassificationTrainer(depth).train(ExplainFixtures.classification(rows, classes, seed));
    checkPathDependent(model, rows, seed, model.getOutputIDInfo().getDomain().stream().map(l -> ExplainedOutput.score(l.getLabel())).toList());
  }

  @Property(tries = 15)
  void randomForestClassifier_fastAndLundbergEqualExactShapley(@ForAll @LongRange(min = 1, max = 1_000_000) long seed,
      @ForAll @IntRange(min = 2, max = 7) int features, @ForAll @IntRange(min = 1, max = 6) int depth,
      @ForAll boolean fullyWeighted) {
    List<double[]> rows = ExplainFixtures.rows(seed, 100, features);
    var trainer = new RandomForestTrainer<>(new CARTClassificationTrainer(depth, 0.7f, seed),
        fullyWeighted ? new FullyWeightedVotingCombiner() : new VotingCombiner(), 5, seed);
    Model<Label> model = trainer.train(ExplainFixtures.classification(rows, 3, seed));
    checkPathDependent(model, rows, seed, model.getOutputIDInfo().getDomain().stream().map(l -> ExplainedOutput.score(l.getLabel())).toList());
  }

  @Property(tries = 20)
  void cartRegressors_fastAndLundbergEqualExactShapley(@ForAll @LongRange(min = 1, max = 1_000_000) long seed,
      @ForAll @IntRange(min = 1, max = 7) int features, @ForAll @IntRange(min = 1, max = 8) int depth,
      @ForAll boolean joint) {
    List<double[]> rows = ExplainFixtures.rows(seed, 120, features);
    var data = ExplainFixtures.regression(rows, seed);
    Model<Regressor> model = joint ? new CARTJointRegressionTrainer(depth).train(data) : new CARTRegressionTrainer(depth).train(data);
    checkPathDependent(model, rows, seed, List.of(ExplainedOutput.value()));
  }

  @Property(tries = 10)
  void baggedRegressionTrees_fastAndLundbergEqualExactShapley(@ForAll @LongRange(min = 1, max = 1_000_000) long seed,
      @ForAll @IntRange(min = 2, max = 6) int features, @ForAll @IntRange(min = 1, max = 6) int depth) {
    List<double[]> rows = ExplainFixtures.rows(seed, 100, features);
    Model<Regressor> model = new BaggingTrainer<>(new CARTRegressionTrainer(depth), new AveragingCombiner(), 4, seed)
        .train(ExplainFixtures.regression(rows, seed));
    checkPathDependent(model, rows, seed, List.of(ExplainedOutput.value()));
  }

  @Property(tries = 10)
  void interventional_equalsExactShapleyOverTheTribuoPredictor(@ForAll @LongRange(min = 1, max = 1_000_000) long seed,
      @ForAll @IntRange(min = 2, max = 6) int features, @ForAll @IntRange(min = 1, max = 6) int depth,
      @ForAll boolean forest) {
    List<double[]> rows = ExplainFixtures.rows(seed, 100, features);
    var data = ExplainFixtures.classification(rows, 2, seed);
    Model<Label> model = forest
        ? new RandomForestTrainer<>(new CARTClassificationTrainer(depth, 0.7f, seed), new FullyWeightedVotingCombiner(), 4, seed).train(data)
        : new CARTClassificationTrainer(depth).train(data);
    TreeShap shap = TreeShap.of(model, rows);
    TribuoPredictor predictor = TribuoPredictor.of(model);
    Background bg = Background.sample(rows, 12, seed);
    ExplainedOutput out = ExplainedOutput.score(model.getOutputIDInfo().getDomain().iterator().next().getLabel());
    for (double[] x : rows.subList(0, 3)) {
      Explanation tree = shap.explainInterventional(x, out, bg);
      Explanation exact = ExactShapley.of(predictor, out, bg).explain(x);
      assertClose(tree.contributionArray(), exact.contributionArray());
      assertThat(tree.baseValue()).isCloseTo(exact.baseValue(), within(TOL));
      assertThat(tree.prediction()).isCloseTo(exact.prediction(), within(TOL));
      assertThat(tree.additivityError()).isLessThan(TOL);
    }
  }

  private static void checkPathDependent(Model<?> model, List<double[]> rows, long seed, List<ExplainedOutput> outputs) {
    // covers from a different sample than training, as a registry's lineage data or a background set may be
    List<double[]> coverRows = seed % 2 == 0 ? rows : ExplainFixtures.rows(seed + 1, 60, rows.get(0).length);
    TreeShap shap = TreeShap.of(model, coverRows);
    TribuoPredictor predictor = TribuoPredictor.of(model);
    List<double[]> xs = List.of(rows.get(0), rows.get(1), ExplainFixtures.rows(seed + 7, 1, rows.get(0).length).get(0));
    for (ExplainedOutput out : outputs) {
      List<Explanation> batch = shap.explainAll(xs, out);
      for (int i = 0; i < xs.size(); i++) {
        assertClose(batch.get(i).contributionArray(), shap.explainExactPathDependent(xs.get(i), out).contributionArray());
      }
    }
    for (double[] x : xs) {
      for (ExplainedOutput out : outputs) {
        assertThat(shap.predict(x, out)).isCloseTo(out.of(predictor.predictRow(x)), within(1e-12));
        Explanation exact = shap.explainExactPathDependent(x, out);
        Explanation fast = shap.explain(x, out, TreeShap.Algorithm.FAST);
        Explanation lundberg = shap.explain(x, out, TreeShap.Algorithm.LUNDBERG);
        assertClose(fast.contributionArray(), exact.contributionArray());
        assertClose(lundberg.contributionArray(), exact.contributionArray());
        assertThat(fast.baseValue()).isCloseTo(exact.baseValue(), within(TOL));
        assertThat(fast.additivityError()).isLessThan(TOL);
        assertThat(lundberg.additivityError()).isLessThan(TOL);
        assertThat(fast.accuracy().kind()).isEqualTo(Accuracy.Kind.ADDITIVITY_ERROR);
      }
    }
  }

  static void assertClose(double[] actual, double[] expected) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < actual.length; i++) {
      assertThat(actual[i]).as("feature %d", i).isCloseTo(expected[i], within(TOL));
    }
  }
}
