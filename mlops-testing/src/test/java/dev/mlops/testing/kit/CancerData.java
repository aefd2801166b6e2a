package dev.mlops.testing.kit;

import dev.mlops.core.model.TabularPredictor;
import dev.mlops.core.tribuo.TribuoPredictor;
import dev.mlops.monitoring.frame.CategoricalColumn;
import dev.mlops.monitoring.frame.Column;
import dev.mlops.monitoring.frame.Frame;
import dev.mlops.monitoring.frame.Frames;
import dev.mlops.monitoring.frame.NumericColumn;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * The Wisconsin breast-cancer data (test resource {@code data/breast_cancer.csv}, 569 rows, label
 * {@code diagnosis}; features standardised by the training rows) with a synthetic {@code site} column ({@code row % 3}), split 70/30 by row number
 * (rows with {@code row % 10 < 7} train), and real Tribuo models trained on it once per JVM:
 *
 * <ul>
 *   <li>{@link #good()}: logistic regression on the 30 features;
 *   <li>{@link #champion()}: logistic regression trained on every other training row;
 *   <li>{@link #constant()}: logistic regression trained with every feature zeroed: it learns the prior
 *       only, so it gives every row the same probabilities and predicts "benign";
 *   <li>{@link #ignoring()}: logistic regression trained with {@value #IGNORED} zeroed, so its weight stays 0;
 *   <li>{@link #worseOnSite2()}: a CART tree that also sees {@code site}, trained with the labels of site 2
 *       flipped, so it is wrong on that slice.
 * </ul>
 *
 * Immutable after initialisation; thread-safe.
 */
public final class CancerData {
  public static final String LABEL = "diagnosis";
  public static final String POSITIVE = "malignant";
  public static final String SITE = "site";
  public static final String IGNORED = "worst_concave_points";

  private static final class Holder {
    static final CancerData INSTANCE = new CancerData();
  }

  private final Frame all;
  private final Frame train;
  private final Frame test;
  private final List<String> features;
  private final TabularPredictor good;
  private final TabularPredictor champion;
  private final TabularPredictor constant;
  private final TabularPredictor ignoring;
  private final TabularPredictor worseOnSite2;
  private final Model<Label> goodModel;
  private final Model<Label> championModel;
  private final Model<Label> constantModel;

  private CancerData() {
    Frame raw;
    try (InputStream in = CancerData.class.getResourceAsStream("/data/breast_cancer.csv")) {
      if (in == null) {
        throw new IllegalStateException("test resource /data/breast_cancer.csv is missing");
      }
      Reader r = new InputStreamReader(in, StandardCharsets.UTF_8);
      raw = Frames.csv().categorical(LABEL).read(r);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    double[] site = IntStream.range(0, raw.rowCount()).mapToDouble(i -> i % 3).toArray();
    // Standardise every feature with the training rows' mean and standard deviation, so logistic
    // regression trains well and gives calibrated probabilities.
    List<Column> cols = new ArrayList<>();
    for (Column c : raw.columns()) {
      if (c instanceof NumericColumn n) {
        double sum = 0;
        double sq = 0;
        int count = 0;
        for (int i = 0; i < n.size(); i++) {
          if (i % 10 < 7) {
            sum += n.value(i);
            sq += n.value(i) * n.value(i);
            count++;
          }
        }
        double mean = sum / count;
        double sd = Math.sqrt(Math.max(sq / count - mean * mean, 1e-12));
        double[] z = new double[n.size()];
        for (int i = 0; i < z.length; i++) {
          z[i] = (n.value(i) - mean) / sd;
        }
        cols.add(new NumericColumn(c.spec().name(), z));
      } else {
        cols.add(c);
      }
    }
    cols.add(new NumericColumn(SITE, site));
    all = Frame.of(cols);
    features = raw.schema().stream().map(s -> s.name()).filter(n -> !n.equals(LABEL)).toList();
    train = all.select(IntStream.range(0, all.rowCount()).filter(i -> i % 10 < 7).toArray());
    test = all.select(IntStream.range(0, all.rowCount()).filter(i -> i % 10 >= 7).toArray());

    goodModel = train(new LogisticRegressionTrainer(), train, features, Set.of(), false, 1);
    good = TribuoPredictor.of(goodModel);
    championModel = train(new LogisticRegressionTrainer(), train, features, Set.of(), false, 2);
    champion = TribuoPredictor.of(championModel);
    // Every feature zeroed: only the bias is learnt, so it predicts the training prior for every row.
    constantModel = train(new LogisticRegressionTrainer(), train, features, Set.copyOf(features), false, 1);
    constant = TribuoPredictor.of(constantModel);
    ignoring = TribuoPredictor.of(train(new LogisticRegressionTrainer(), train, features, Set.of(IGNORED), false, 1));
    List<String> withSite = new ArrayList<>(features);
    withSite.add(SITE);
    worseOnSite2 = TribuoPredictor.of(train(new CARTClassificationTrainer(8), train, withSite, Set.of(), true, 1));
  }

  public static CancerData get() {
    return Holder.INSTANCE;
  }

  private static Model<Label> train(Trainer<Label> trainer, Frame frame, List<String> names, Set<String> zeroed,
      boolean flipSite2, int stride) {
    LabelFactory factory = new LabelFactory();
    MutableDataset<Label> data = new MutableDataset<>(new SimpleDataSourceProvenance("breast cancer", factory), factory);
    CategoricalColumn labels = (CategoricalColumn) frame.column(LABEL).orElseThrow();
    NumericColumn site = (NumericColumn) frame.column(SITE).orElseThrow();
    String[] n = names.toArray(String[]::new);
    for (int r = 0; r < frame.rowCount(); r += stride) {
      double[] values = new double[n.length];
      for (int j = 0; j < n.length; j++) {
        values[j] = zeroed.contains(n[j]) ? 0.0 : ((NumericColumn) frame.column(n[j]).orElseThrow()).value(r);
      }
      String label = labels.value(r);
      if (flipSite2 && site.value(r) == 2) {
        label = label.equals(POSITIVE) ? "benign" : POSITIVE;
      }
      data.add(new ArrayExample<>(new Label(label), n, values));
    }
    return trainer.train(data);
  }

  /** Row {@code row} of a frame as a feature map over the 30 features. */
  public Map<String, Object> features(Frame frame, int row) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (String f : features) {
      m.put(f, ((NumericColumn) frame.column(f).orElseThrow()).value(row));
    }
    return m;
  }

  /** The label of row {@code row} of a frame. */
  public String label(Frame frame, int row) {
    return ((CategoricalColumn) frame.column(LABEL).orElseThrow()).value(row);
  }

  /** Every row, with the label and the site. */
  public Frame all() {
    return all;
  }

  public Frame train() {
    return train;
  }

  public Frame test() {
    return test;
  }

  /** The 30 feature names. */
  public List<String> features() {
    return features;
  }

  public TabularPredictor good() {
    return good;
  }

  public Model<Label> goodModel() {
    return goodModel;
  }

  public Model<Label> championModel() {
    return championModel;
  }

  public TabularPredictor champion() {
    return champion;
  }

  public Model<Label> constantModel() {
    return constantModel;
  }

  public TabularPredictor constant() {
    return constant;
  }

  public TabularPredictor ignoring() {
    return ignoring;
  }

  public TabularPredictor worseOnSite2() {
    return worseOnSite2;
  }
}
