package dev.mlops.core.tribuo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.data.csv.CSVLoader;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.sgd.linear.LinearSGDTrainer;
import org.tribuo.regression.sgd.objectives.SquaredLoss;

/** Real data sets and models trained on them once per JVM (each holder initialises on first use). */
final class TribuoFixtures {
  private TribuoFixtures() {}

  /** Wisconsin breast cancer: 569 rows, 30 numeric features, label {@code diagnosis}. */
  static final class BreastCancer {
    static final Path CSV = resource("/data/breast_cancer.csv");
    static final String RESPONSE = "diagnosis";
    static final MutableDataset<Label> DATA = load(CSV, RESPONSE, new CSVLoader<>(new LabelFactory()));
    static final Model<Label> MODEL = new LogisticRegressionTrainer().train(DATA);
    static final List<Row> ROWS = rows(CSV, RESPONSE);

    private BreastCancer() {}
  }

  /** Efron et al. diabetes: 442 rows, 10 numeric features, real-valued response {@code progression}. */
  static final class Diabetes {
    static final Path CSV = resource("/data/diabetes.csv");
    static final String RESPONSE = "progression";
    static final MutableDataset<Regressor> DATA = load(CSV, RESPONSE, new CSVLoader<>(new RegressionFactory()));
    static final Model<Regressor> MODEL =
        new LinearSGDTrainer(new SquaredLoss(), new AdaGrad(0.5), 10, 1L).train(DATA);
    static final List<Row> ROWS = rows(CSV, RESPONSE);

    private Diabetes() {}
  }

  /** One CSV row read independently of Tribuo: the features by name, and the response. */
  record Row(Map<String, Double> features, String response) {
    double[] in(List<String> order) {
      double[] row = new double[order.size()];
      for (int i = 0; i < row.length; i++) {
        row[i] = features.get(order.get(i));
      }
      return row;
    }
  }

  static List<String> featureColumns(Path csv, String response) {
    try {
      List<String> header = new ArrayList<>(Arrays.asList(Files.readAllLines(csv).get(0).split(",")));
      header.remove(response);
      return header;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Row> rows(Path csv, String response) {
    try {
      List<String> lines = Files.readAllLines(csv);
      String[] header = lines.get(0).split(",");
      List<Row> rows = new ArrayList<>();
      for (String line : lines.subList(1, lines.size())) {
        if (line.isBlank()) {
          continue;
        }
        String[] cells = line.split(",");
        Map<String, Double> features = new LinkedHashMap<>();
        String target = null;
        for (int i = 0; i < header.length; i++) {
          if (header[i].equals(response)) {
            target = cells[i];
          } else {
            features.put(header[i], Double.parseDouble(cells[i]));
          }
        }
        rows.add(new Row(Map.copyOf(features), target));
      }
      return List.copyOf(rows);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static <T extends org.tribuo.Output<T>> MutableDataset<T> load(Path csv, String response, CSVLoader<T> loader) {
    try {
      return loader.load(csv, response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path resource(String name) {
    try {
      return Path.of(TribuoFixtures.class.getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
