package dev.mlops.registry;

import dev.mlops.core.model.Prediction;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Fisher's iris data (test resource {@code data/iris.csv}) and two small logistic regressions
 * trained on it once per JVM: {@link #model()} on every row, {@link #otherModel()} on every other row
 * (so its weights and bytes differ). Immutable after initialisation; thread-safe.
 */
final class IrisData {
  static final String RESOURCE = "/data/iris.csv";

  private static final class Holder {
    static final IrisData INSTANCE = new IrisData();
  }

  private final String[] featureNames;
  private final List<double[]> rows;
  private final List<String> labels;
  private final byte[] csvBytes;
  private final Model<Label> model;
  private final Model<Label> otherModel;

  private IrisData() {
    try (InputStream in = IrisData.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("test resource " + RESOURCE + " is missing");
      }
      csvBytes = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String[] lines = new String(csvBytes, StandardCharsets.UTF_8).strip().split("\\R");
    String[] header = lines[0].split(",");
    featureNames = Arrays.copyOf(header, header.length - 1);
    rows = new ArrayList<>();
    labels = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      String[] cells = lines[i].split(",");
      double[] row = new double[featureNames.length];
      for (int j = 0; j < row.length; j++) {
        row[j] = Double.parseDouble(cells[j]);
      }
      rows.add(row);
      labels.add(cells[cells.length - 1]);
    }
    model = train(1);
    otherModel = train(2);
  }

  static IrisData get() {
    return Holder.INSTANCE;
  }

  private Model<Label> train(int stride) {
    LabelFactory factory = new LabelFactory();
    MutableDataset<Label> data = new MutableDataset<>(new SimpleDataSourceProvenance("iris, every " + stride, factory), factory);
    for (int i = 0; i < rows.size(); i += stride) {
      data.add(new ArrayExample<>(new Label(labels.get(i)), featureNames, rows.get(i)));
    }
    return new LogisticRegressionTrainer().train(data);
  }

  /** The model trained on every row. */
  Model<Label> model() {
    return model;
  }

  /** A model trained on every other row: different weights, different bytes. */
  Model<Label> otherModel() {
    return otherModel;
  }

  List<String> featureNames() {
    return List.of(featureNames);
  }

  int size() {
    return rows.size();
  }

  /** The bytes of the CSV file. */
  byte[] csvBytes() {
    return csvBytes.clone();
  }

  /** Row {@code i} as a feature map, as a service would send it. */
  Map<String, Object> features(int i) {
    Map<String, Object> m = new LinkedHashMap<>();
    double[] row = rows.get(i);
    for (int j = 0; j < featureNames.length; j++) {
      m.put(featureNames[j], row[j]);
    }
    return m;
  }

  /** What Tribuo itself predicts for row {@code i}, converted to the SDK's form, as the reference. */
  static Prediction.Classification reference(Model<Label> m, IrisData data, int i) {
    org.tribuo.Prediction<Label> p = m.predict(new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, data.featureNames, data.rows.get(i)));
    Map<String, Double> scores = new HashMap<>();
    p.getOutputScores().forEach((k, v) -> scores.put(k, v.getScore()));
    return new Prediction.Classification(p.getOutput().getLabel(), scores);
  }
}
