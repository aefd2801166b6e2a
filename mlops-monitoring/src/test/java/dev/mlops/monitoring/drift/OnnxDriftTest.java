package dev.mlops.monitoring.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.core.model.Prediction;
import dev.mlops.core.model.TabularPredictor;
import dev.mlops.core.onnx.OnnxPredictor;
import dev.mlops.core.tribuo.TribuoModels;
import dev.mlops.monitoring.frame.Column;
import dev.mlops.monitoring.frame.Frame;
import dev.mlops.monitoring.frame.NumericColumn;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.onnx.OnnxRegistration;
import dev.mlops.core.artifact.ArtifactFormat;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/** Drift reports on an ONNX version's inputs and predictions are those of its Tribuo original. */
class OnnxDriftTest {
  private static final String[] FEATURES = {"a", "b", "c"};

  private static List<double[]> rows(int n, double shift, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<double[]> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(new double[] {rnd.nextGaussian() + shift, rnd.nextGaussian(), rnd.nextGaussian() * 2});
    }
    return rows;
  }

  private static Frame frame(List<double[]> rows, TabularPredictor model) {
    List<Column> columns = new ArrayList<>();
    for (int j = 0; j < FEATURES.length; j++) {
      int col = j;
      columns.add(new NumericColumn(FEATURES[j], rows.stream().mapToDouble(r -> r[col]).toArray()));
    }
    List<Prediction> out = model.predictRows(rows);
    columns.add(new NumericColumn("score_yes", out.stream().mapToDouble(p -> ((Prediction.Classification) p).score("yes")).toArray()));
    return Frame.of(columns);
  }

  @Test
  void driftOnAnOnnxVersion_findsWhatItFindsOnTheTribuoOriginal() {
    LabelFactory factory = new LabelFactory();
    MutableDataset<Label> train = new MutableDataset<>(new SimpleDataSourceProvenance("synthetic", factory), factory);
    SplittableRandom noise = new SplittableRandom(9L);
    for (double[] r : rows(2000, 0, 1L)) {
      boolean yes = r[0] - 0.5 * r[1] + 0.3 * r[2] + 0.5 * noise.nextGaussian() > 0;
      train.add(new ArrayExample<>(new Label(yes ? "yes" : "no"), FEATURES, r));
    }
    Model<Label> model = new LogisticRegressionTrainer().train(train);
    List<double[]> reference = rows(3000, 0, 2L);
    List<double[]> current = rows(3000, 0.4, 3L);   // feature a shifts, and with it the score
    try (ModelRegistry registry = ModelRegistry.open(URI.create("mem:drift-" + UUID.randomUUID()))) {
      assertThat(TribuoModels.signatureOf(model).inputs().names()).containsExactly(FEATURES);
      registry.register(OnnxRegistration.tribuo("synthetic", model, reference).build());
      try (TabularPredictor onnx = registry.load("synthetic/1");
          TabularPredictor tribuo = registry.load("synthetic/1", ArtifactFormat.TRIBUO_PROTOBUF)) {
        assertThat(onnx).isInstanceOf(OnnxPredictor.class);
        DriftReport onOnnx = DriftEngine.defaults().compare(frame(reference, onnx), frame(current, onnx));
        DriftReport onTribuo = DriftEngine.defaults().compare(frame(reference, tribuo), frame(current, tribuo));
        assertThat(onOnnx.driftedColumnNames()).containsExactlyInAnyOrder("a", "score_yes");
        assertThat(onOnnx.driftedColumnNames()).isEqualTo(onTribuo.driftedColumnNames());
        assertThat(onOnnx.datasetDrift()).isEqualTo(onTribuo.datasetDrift());
        ColumnDrift scoreOnnx = onOnnx.column("score_yes");
        ColumnDrift scoreTribuo = onTribuo.column("score_yes");
        assertThat(scoreOnnx.method()).isEqualTo(scoreTribuo.method());
        assertThat(scoreOnnx.statistic().getAsDouble()).isCloseTo(scoreTribuo.statistic().getAsDouble(), within(1e-3));
        assertThat(onOnnx.column("b").pValue()).isEqualTo(onTribuo.column("b").pValue());
      }
    }
  }
}
