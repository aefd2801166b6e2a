package dev.mlops.testing.kit;

import dev.mlops.core.model.TabularPredictor;
import dev.mlops.core.tribuo.TribuoPredictor;
import dev.mlops.monitoring.frame.Frame;
import dev.mlops.monitoring.frame.Frames;
import dev.mlops.monitoring.frame.NumericColumn;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.tribuo.Trainer;
import org.tribuo.MutableDataset;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.baseline.DummyRegressionTrainer;
import org.tribuo.regression.rtree.CARTRegressionTrainer;

/**
 * The diabetes regression data (test resource {@code data/diabetes.csv}, 442 rows, target
 * {@code progression}), split 70/30 by row number, with real Tribuo models trained once per JVM: a CART
 * regression tree of depth 3 ({@link #good()}), one of depth 2 ({@link #champion()}), and Tribuo's
 * mean baseline ({@link #constant()}). Immutable after initialisation; thread-safe.
 */
public final class DiabetesData {
  public static final String TARGET = "progression";

  private static final class Holder {
    static final DiabetesData INSTANCE = new DiabetesData();
  }

  private final Frame train;
  private final Frame test;
  private final TabularPredictor good;
  private final TabularPredictor champion;
  private final TabularPredictor constant;

  private DiabetesData() {
    Frame all;
    try (InputStream in = DiabetesData.class.getResourceAsStream("/data/diabetes.csv")) {
      if (in == null) {
        throw new IllegalStateException("test resource /data/diabetes.csv is missing");
      }
      all = Frames.csv().read(new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    train = all.select(IntStream.range(0, all.rowCount()).filter(i -> i % 10 < 7).toArray());
    test = all.select(IntStream.range(0, all.rowCount()).filter(i -> i % 10 >= 7).toArray());
    List<String> features = all.schema().stream().map(s -> s.name()).filter(n -> !n.equals(TARGET)).toList();
    good = TribuoPredictor.of(train(new CARTRegressionTrainer(3), features));
    champion = TribuoPredictor.of(train(new CARTRegressionTrainer(2), features));
    constant = TribuoPredictor.of(train(DummyRegressionTrainer.createMeanTrainer(), features));
  }

  public static DiabetesData get() {
    return Holder.INSTANCE;
  }

  private org.tribuo.Model<Regressor> train(Trainer<Regressor> trainer, List<String> features) {
    RegressionFactory factory = new RegressionFactory();
    MutableDataset<Regressor> data = new MutableDataset<>(new SimpleDataSourceProvenance("diabetes", factory), factory);
    String[] names = features.toArray(String[]::new);
    NumericColumn target = (NumericColumn) train.column(TARGET).orElseThrow();
    for (int r = 0; r < train.rowCount(); r++) {
      double[] values = new double[names.length];
      for (int j = 0; j < names.length; j++) {
        values[j] = ((NumericColumn) train.column(names[j]).orElseThrow()).value(r);
      }
      data.add(new ArrayExample<>(new Regressor(TARGET, target.value(r)), names, values));
    }
    return trainer.train(data);
  }

  public Frame train() {
    return train;
  }

  public Frame test() {
    return test;
  }

  public TabularPredictor good() {
    return good;
  }

  public TabularPredictor champion() {
    return champion;
  }

  public TabularPredictor constant() {
    return constant;
  }
}
