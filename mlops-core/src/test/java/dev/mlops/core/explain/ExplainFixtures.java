package dev.mlops.core.explain;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

/** Seeded generated data sets for real Tribuo models. */
final class ExplainFixtures {
  private ExplainFixtures() {}

  static String[] names(int m) {
    String[] names = new String[m];
    for (int i = 0; i < m; i++) {
      names[i] = String.format("f%02d", i);
    }
    return names;
  }

  /** Rows with values in (-2, 2), never exactly 0 (Tribuo would still keep them, but be safe). */
  static List<double[]> rows(long seed, int n, int m) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<double[]> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double[] r = new double[m];
      for (int j = 0; j < m; j++) {
        r[j] = Math.round((rnd.nextDouble() * 4 - 2) * 100) / 100.0 + 0.001;
      }
      rows.add(r);
    }
    return rows;
  }

  /** A nonlinear target with interactions; noise from the seed. */
  static double target(double[] r, SplittableRandom rnd) {
    double y = 2 * r[0] + (r.length > 1 ? r[1] * r[1] : 0) - (r.length > 2 ? (r[2] > 0 ? 1.5 : -0.5) * (r.length > 3 ? r[3] : 1) : 0);
    return y + 0.3 * rnd.nextGaussian();
  }

  static MutableDataset<Label> classification(List<double[]> rows, int classes, long seed) {
    LabelFactory f = new LabelFactory();
    MutableDataset<Label> d = new MutableDataset<>(new SimpleDataSourceProvenance("generated", f), f);
    SplittableRandom rnd = new SplittableRandom(seed);
    String[] names = names(rows.get(0).length);
    for (double[] r : rows) {
      double y = target(r, rnd);
      int c = (int) Math.floor((Math.tanh(y / 2) + 1) / 2 * classes);
      c = Math.max(0, Math.min(classes - 1, c));
      d.add(new ArrayExample<>(new Label("c" + c), names, r.clone()));
    }
    return d;
  }

  static MutableDataset<Regressor> regression(List<double[]> rows, long seed) {
    RegressionFactory f = new RegressionFactory();
    MutableDataset<Regressor> d = new MutableDataset<>(new SimpleDataSourceProvenance("generated", f), f);
    SplittableRandom rnd = new SplittableRandom(seed);
    String[] names = names(rows.get(0).length);
    for (double[] r : rows) {
      d.add(new ArrayExample<>(new Regressor("y", target(r, rnd)), names, r.clone()));
    }
    return d;
  }

  static <T extends org.tribuo.Output<T>> Model<T> quiet(java.util.function.Supplier<Model<T>> train) {
    java.util.logging.Logger.getLogger("org.tribuo").setLevel(java.util.logging.Level.WARNING);
    return train.get();
  }
}
