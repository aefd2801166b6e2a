package dev.mlops.registry.onnx;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.ensemble.VotingCombiner;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * A labelled CSV test resource split into training rows and a test set (every fourth row), and the
 * Tribuo models the ONNX tests export: a logistic regression and a random forest of 25 CART trees
 * (majority vote; an odd count leaves no tie between two labels). Immutable; thread-safe.
 */
final class OnnxTestData {
  static final OnnxTestData CANCER = new OnnxTestData("/data/breast_cancer.csv", "diagnosis");
  static final OnnxTestData IRIS = new OnnxTestData("/data/iris.csv", "species");

  final List<String> features;
  final List<double[]> trainRows = new ArrayList<>();
  final List<String> trainLabels = new ArrayList<>();
  final List<double[]> testRows = new ArrayList<>();
  final List<String> testLabels = new ArrayList<>();
  final MutableDataset<Label> train;

  private OnnxTestData(String resource, String response) {
    String text;
    try (InputStream in = OnnxTestData.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("test resource " + resource + " is missing");
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String[] lines = text.strip().split("\\R");
    List<String> header = Arrays.asList(lines[0].split(","));
    int target = header.indexOf(response);
    if (target < 0) {
      target = header.size() - 1;
    }
    List<String> names = new ArrayList<>(header);
    names.remove(target);
    features = List.copyOf(names);
    for (int i = 1; i < lines.length; i++) {
      String[] cells = lines[i].split(",");
      double[] row = new double[features.size()];
      int k = 0;
      for (int j = 0; j < cells.length; j++) {
        if (j != target) {
          row[k++] = Double.parseDouble(cells[j]);
        }
      }
      (i % 4 == 0 ? testRows : trainRows).add(row);
      (i % 4 == 0 ? testLabels : trainLabels).add(cells[target]);
    }
    LabelFactory factory = new LabelFactory();
    train = new MutableDataset<>(new SimpleDataSourceProvenance(resource + " training rows", factory), factory);
    String[] featureArray = features.toArray(new String[0]);
    for (int i = 0; i < trainRows.size(); i++) {
      train.add(new ArrayExample<>(new Label(trainLabels.get(i)), featureArray, trainRows.get(i)));
    }
  }

  Model<Label> logisticRegression() {
    return new LogisticRegressionTrainer().train(train);
  }

  /** A logistic regression on every other training row: other weights, same features. */
  Model<Label> otherLogisticRegression() {
    MutableDataset<Label> half = new MutableDataset<>(train.getProvenance(), train.getOutputFactory());
    for (int i = 0; i < train.size(); i += 2) {
      half.add(train.getExample(i));
    }
    return new LogisticRegressionTrainer().train(half);
  }

  Model<Label> forest() {
    return new RandomForestTrainer<>(new CARTClassificationTrainer(6, 0.5f, 7L), new VotingCombiner(), 25, 11L).train(train);
  }

  /** Row {@code i} of the test set as a feature map, as a service would send it. */
  Map<String, Object> testFeatures(int i) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int j = 0; j < features.size(); j++) {
      m.put(features.get(j), testRows.get(i)[j]);
    }
    return m;
  }

  /** Rows reordered into a model's signature order (Tribuo orders features by name). */
  List<double[]> inOrder(List<String> order, List<double[]> rows) {
    int[] from = order.stream().mapToInt(features::indexOf).toArray();
    List<double[]> out = new ArrayList<>(rows.size());
    for (double[] r : rows) {
      double[] o = new double[from.length];
      for (int j = 0; j < from.length; j++) {
        o[j] = r[from[j]];
      }
      out.add(o);
    }
    return out;
  }
}
