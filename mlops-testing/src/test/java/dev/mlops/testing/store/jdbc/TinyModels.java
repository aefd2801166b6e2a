package dev.mlops.testing.store.jdbc;

import java.util.SplittableRandom;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/** Small logistic regressions on generated two-feature data; each seed gives other data, so other bytes. */
public final class TinyModels {
  private TinyModels() {}

  /** Trains a model on data generated from a seed. */
  public static Model<Label> train(long seed) {
    LabelFactory factory = new LabelFactory();
    MutableDataset<Label> data = new MutableDataset<>(new SimpleDataSourceProvenance("generated, seed " + seed, factory), factory);
    SplittableRandom rnd = new SplittableRandom(seed);
    String[] names = {"amount", "age"};
    for (int i = 0; i < 60; i++) {
      boolean fraud = i % 2 == 0;
      double[] x = {rnd.nextDouble() + (fraud ? 1.5 : 0), rnd.nextDouble()};
      data.add(new ArrayExample<>(new Label(fraud ? "fraud" : "ok"), names, x));
    }
    return new LogisticRegressionTrainer().train(data);
  }

}
