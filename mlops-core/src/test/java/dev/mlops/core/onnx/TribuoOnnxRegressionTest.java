package dev.mlops.core.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.model.ModelSignature;
import dev.mlops.core.model.Prediction;
import dev.mlops.core.tribuo.TribuoModels;
import dev.mlops.core.tribuo.TribuoPredictor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.ensemble.AveragingCombiner;
import org.tribuo.regression.rtree.CARTRegressionTrainer;
import org.tribuo.regression.rtree.impurity.MeanSquaredError;
import org.tribuo.regression.sgd.linear.LinearSGDTrainer;
import org.tribuo.regression.sgd.objectives.SquaredLoss;

/** Tribuo regressors exported to ONNX (Tribuo's linear export and our tree export) against the originals. */
class TribuoOnnxRegressionTest {
  private static final String[] NAMES = {"a", "b", "c", "d"};

  private static List<double[]> rows(int n, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<double[]> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(new double[] {rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextDouble(-3, 3), rnd.nextGaussian()});
    }
    return rows;
  }

  private static MutableDataset<Regressor> data() {
    RegressionFactory f = new RegressionFactory();
    MutableDataset<Regressor> d = new MutableDataset<>(new SimpleDataSourceProvenance("synthetic", f), f);
    SplittableRandom noise = new SplittableRandom(2L);
    for (double[] r : rows(1500, 1L)) {
      double y = 3 * r[0] - 2 * r[1] * r[1] + Math.sin(r[2]) + 0.1 * noise.nextGaussian();
      d.add(new ArrayExample<>(new Regressor("y", y), NAMES, r));
    }
    return d;
  }

  static Stream<Arguments> models() {
    MutableDataset<Regressor> d = data();
    return Stream.of(
        Arguments.of("linear", new LinearSGDTrainer(new SquaredLoss(), new AdaGrad(0.1), 5, 1L).train(d)),
        Arguments.of("tree", new CARTRegressionTrainer(6).train(d)),
        Arguments.of("forest", new RandomForestTrainer<>(new CARTRegressionTrainer(6, 5f, 0f, 0.5f, new MeanSquaredError(), 3L),
            new AveragingCombiner(), 15, 4L).train(d)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void exportedRegressor_predictsWhatTheOriginalPredicts(String name, Model<Regressor> model) {
    ModelSignature signature = TribuoModels.signatureOf(model);
    List<double[]> test = rows(500, 9L);
    List<Prediction> expected = TribuoPredictor.of(model).predictRows(test);
    try (OnnxPredictor p = OnnxPredictor.of(TribuoOnnx.export(model), signature, OnnxOptions.defaults())) {
      List<Prediction> actual = p.predictRows(test);
      for (int i = 0; i < test.size(); i++) {
        double e = ((Prediction.Regression) expected.get(i)).value();
        double a = ((Prediction.Regression) actual.get(i)).value();
        assertThat(a).as("row %d", i).isCloseTo(e, within(1e-5 * Math.max(1, Math.abs(e))));
      }
    }
  }

  @Test
  void aModelNeitherTribuoNorWeExport_isRefusedNamingWhatExports() {
    Model<Regressor> mean = org.tribuo.regression.baseline.DummyRegressionTrainer.createMeanTrainer().train(data());
    assertThatThrownBy(() -> TribuoOnnx.export(mean)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("cannot export DummyRegressionModel").hasMessageContaining("tree models");
  }
}
