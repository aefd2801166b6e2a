package dev.mlops.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.NotFoundException;
import dev.mlops.core.artifact.ArtifactFormat;
import dev.mlops.core.explain.ExplainedOutput;
import dev.mlops.core.explain.TreeShap;
import dev.mlops.core.model.TabularPredictor;
import dev.mlops.core.tribuo.TribuoPredictor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/** Training data found through a version's lineage, as TreeSHAP's node covers need it. */
class LineageDataTest {
  @TempDir Path root;

  @Test
  void treeShapCovers_fromTheLineageDataset_equalThoseFromTheTrainingDataset() throws Exception {
    IrisData iris = IrisData.get();
    String[] names = iris.featureNames().toArray(String[]::new);
    LabelFactory factory = new LabelFactory();
    MutableDataset<Label> training = new MutableDataset<>(new SimpleDataSourceProvenance("iris", factory), factory);
    List<String> lines = new String(iris.csvBytes(), StandardCharsets.UTF_8).strip().lines().skip(1).toList();
    for (String line : lines) {
      String[] cells = line.split(",");
      double[] row = new double[names.length];
      for (int j = 0; j < row.length; j++) {
        row[j] = Double.parseDouble(cells[j]);
      }
      training.add(new ArrayExample<>(new Label(cells[cells.length - 1]), names, row));
    }
    Model<Label> tree = new CARTClassificationTrainer(4).train(training);
    Path csv = Files.write(root.resolve("iris.csv"), iris.csvBytes());

    try (ModelRegistry registry = ModelRegistry.open(root.resolve("registry"))) {
      ModelVersion data = registry.register(Registration.dataset("iris-data", csv).build());
      ModelVersion v = registry.register(Registration.model("iris-tree", tree).dataset(data.manifestDigest()).build());

      assertThat(LineageData.trainingDataset(registry, v).id()).isEqualTo(data.id());
      try (TabularPredictor p = registry.load("iris-tree")) {
        List<double[]> rows = LineageData.trainingRows(registry, v, p.schema());
        assertThat(rows).hasSize(iris.size());
        TreeShap viaLineage = TreeShap.of((TribuoPredictor) p, rows);
        TreeShap viaDataset = TreeShap.of(tree, training);
        for (int i = 0; i < rows.size(); i += 17) {
          double[] a = viaLineage.explain(rows.get(i), ExplainedOutput.score("versicolor")).contributionArray();
          double[] b = viaDataset.explain(rows.get(i), ExplainedOutput.score("versicolor")).contributionArray();
          assertThat(a).containsExactly(b, org.assertj.core.data.Offset.offset(1e-12));
        }
      }

      ModelVersion orphan = registry.register(Registration.model("iris-tree", tree).build());
      assertThatThrownBy(() -> LineageData.trainingDataset(registry, orphan)).isInstanceOf(NotFoundException.class)
          .hasMessageContaining("records no training data set");
    }
  }

  @Test
  void aDatasetWithoutAFeatureColumn_isATypedErrorNamingTheFeature() throws Exception {
    IrisData iris = IrisData.get();
    Path csv = Files.writeString(root.resolve("partial.csv"), "sepal_length_cm,species\n5.1,setosa\n");
    try (ModelRegistry registry = ModelRegistry.open(root.resolve("registry"))) {
      ModelVersion data = registry.register(Registration.dataset("partial", csv).build());
      ModelVersion v = registry.register(Registration.model("iris", iris.model()).dataset(data.manifestDigest()).build());
      try (TabularPredictor p = registry.load("iris")) {
        assertThatThrownBy(() -> LineageData.trainingRows(registry, v, p.schema()))
            .isInstanceOf(InvalidInputException.class).hasMessageContaining("has no column '")
            .matches(e -> List.of("sepal_width_cm", "petal_length_cm", "petal_width_cm")
                .contains(((InvalidInputException) e).field()), "names a missing feature");
      }
    }
  }
}
