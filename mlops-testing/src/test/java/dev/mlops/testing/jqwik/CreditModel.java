package dev.mlops.testing.jqwik;

import dev.mlops.core.model.FeatureSpec;
import dev.mlops.core.model.FeatureType;
import dev.mlops.core.model.ModelSignature;
import dev.mlops.core.model.OutputSpec;
import dev.mlops.core.model.Prediction;
import dev.mlops.core.model.Schema;
import dev.mlops.core.model.TabularPredictor;
import java.util.List;
import java.util.Map;

/**
 * A hand-written credit-risk classifier over {@code amount} (whole number), {@code age} (whole number)
 * and {@code noise} (a number). The risk score grows with the amount except, in the deliberately
 * non-monotone variant, for a drop of 0.3 at amount 50; the noise feature is ignored unless
 * {@code usesNoise}.
 */
final class CreditModel implements TabularPredictor {
  static final Schema SCHEMA = Schema.of(List.of(new FeatureSpec("amount", FeatureType.LONG),
      new FeatureSpec("age", FeatureType.LONG), new FeatureSpec("noise", FeatureType.DOUBLE)));
  private static final ModelSignature SIGNATURE = new ModelSignature(SCHEMA, OutputSpec.classification(List.of("low", "high")));

  private final boolean dropAt50;
  private final boolean usesNoise;

  CreditModel(boolean dropAt50, boolean usesNoise) {
    this.dropAt50 = dropAt50;
    this.usesNoise = usesNoise;
  }

  @Override
  public Prediction predictRow(double[] row) {
    double amount = row[0];
    double age = row[1];
    double score = amount / 100.0 - (dropAt50 && amount >= 50 ? 0.3 : 0.0) + age / 1000.0
        + (usesNoise && row[2] > 0.5 ? 0.25 : 0.0);
    double high = Math.max(0, Math.min(1, score));
    return new Prediction.Classification(high >= 0.5 ? "high" : "low", Map.of("high", high, "low", 1 - high));
  }

  @Override
  public ModelSignature signature() {
    return SIGNATURE;
  }

  @Override
  public void close() {}
}
