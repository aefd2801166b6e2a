package dev.mlops.examples.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.core.NotFoundException;
import dev.mlops.core.model.TabularPredictor;
import dev.mlops.monitoring.drift.DriftEngine;
import dev.mlops.monitoring.drift.DriftReport;
import dev.mlops.monitoring.monitor.PredictionMonitor;
import dev.mlops.monitoring.profile.CategoricalProfile;
import dev.mlops.monitoring.profile.NumericProfile;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Registration;
import dev.mlops.registry.run.DatasetRole;
import dev.mlops.registry.run.Tracking;
import dev.mlops.registry.run.tribuo.TribuoRuns;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.data.csv.CSVLoader;

/**
 * The reference a batch is compared with is the same whether it was stored with the version or rebuilt from
 * the version's lineage.
 */
class ReferenceDataTest {
  @TempDir
  Path dir;

  @Test
  void storedProfiles_equalTheOnesRebuiltFromLineage() throws Exception {
    try (ModelRegistry registry = ModelRegistry.open(dir.resolve("registry"))) {
      ModelVersion stored = DemoSeed.ifNoChampion(registry, "with-profile",
          new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).orElseThrow();
      // The same model and data, registered the way an older pipeline would: no profile files.
      ModelVersion data = registry.get(DemoSeed.TRAINING_DATASET + "/1");
      Path csv = DemoSeed.extract("training.csv", dir.resolve("data"));
      ModelVersion plain = Tracking.of(registry).run("breast-cancer", "plain", run -> {
        run.logDataset(data, DatasetRole.TRAINING);
        MutableDataset<Label> train = new MutableDataset<>(new CSVLoader<>(new LabelFactory()).loadDataSource(csv,
            DemoSeed.LABEL));
        Model<Label> m = TribuoRuns.train(run, TribuoRetraining.trainer(), train);
        return run.register(Registration.model("without-profile", m));
      });
      assertThat(plain.manifest().file(ReferenceData.INPUT_PROFILE)).isEmpty();

      ReferenceData a;
      ReferenceData b;
      try (TabularPredictor p = registry.load(stored.id().toString());
          TabularPredictor q = registry.load(plain.id().toString())) {
        a = ReferenceData.of(registry, stored, p);
        b = ReferenceData.of(registry, plain, q);
        assertThat(p.predictRows(java.util.List.of(new double[p.schema().size()])))
            .isEqualTo(q.predictRows(java.util.List.of(new double[q.schema().size()])));
      }
      assertThat(a.source()).isEqualTo("stored with with-profile/1");
      assertThat(b.source()).isEqualTo("lineage data set " + DemoSeed.TRAINING_DATASET + "/1");
      assertThat(a.inputs().rowCount()).isEqualTo(b.inputs().rowCount()).isEqualTo(398);
      assertThat(a.inputs().columns().keySet()).isEqualTo(b.inputs().columns().keySet());
      for (String column : a.inputs().columns().keySet()) {
        NumericProfile x = (NumericProfile) a.inputs().column(column).orElseThrow();
        NumericProfile y = (NumericProfile) b.inputs().column(column).orElseThrow();
        assertThat(x.count()).as(column).isEqualTo(y.count());
        assertThat(x.missingCount()).as(column).isZero();
        assertThat(y.missingCount()).as(column).isZero();
        assertThat(x.min()).as(column).isEqualTo(y.min());
        assertThat(x.max()).as(column).isEqualTo(y.max());
        assertThat(x.mean().getAsDouble()).as(column).isCloseTo(y.mean().getAsDouble(), within(1e-9 * (1
            + Math.abs(y.mean().getAsDouble()))));
        double[] xs = x.exactSample().orElseThrow().clone();
        double[] ys = y.exactSample().orElseThrow().clone();
        java.util.Arrays.sort(xs);
        java.util.Arrays.sort(ys);
        assertThat(xs).as(column).isEqualTo(ys);
      }
      CategoricalProfile ox = (CategoricalProfile) a.outputs().column(PredictionMonitor.PREDICTION_COLUMN).orElseThrow();
      CategoricalProfile oy = (CategoricalProfile) b.outputs().column(PredictionMonitor.PREDICTION_COLUMN).orElseThrow();
      assertThat(ox.exactCounts()).isEqualTo(oy.exactCounts());
      assertThat(ox.exactCounts().orElseThrow().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(398);

      BatchInput batch = BatchInput.read(DemoSeed.extract("incoming.csv", dir.resolve("in")),
          registry.load(stored.id().toString()).schema());
      DriftReport fromStored = DriftEngine.defaults().compare(a.inputs(), batch.featureFrame());
      DriftReport fromLineage = DriftEngine.defaults().compare(b.inputs(), batch.featureFrame());
      assertThat(fromStored.driftedColumnNames()).isEqualTo(fromLineage.driftedColumnNames())
          .containsExactlyInAnyOrder("mean_radius", "mean_texture", "worst_area");
    }
  }

  @Test
  void versionWithoutProfilesOrLineage_isNotFound() throws Exception {
    try (ModelRegistry registry = ModelRegistry.open(dir.resolve("registry"))) {
      Path csv = DemoSeed.extract("training.csv", dir.resolve("data"));
      MutableDataset<Label> train = new MutableDataset<>(new CSVLoader<>(new LabelFactory()).loadDataSource(csv,
          DemoSeed.LABEL));
      ModelVersion bare = registry.register(Registration.model("bare", TribuoRetraining.trainer().train(train))
          .build());
      try (TabularPredictor p = registry.load(bare.id().toString())) {
        assertThatThrownBy(() -> ReferenceData.of(registry, bare, p))
            .isInstanceOf(NotFoundException.class).hasMessageContaining("records no training data set");
      }
    }
  }
}
