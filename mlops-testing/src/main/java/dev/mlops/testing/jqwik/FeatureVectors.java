package dev.mlops.testing.jqwik;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.model.FeatureSpec;
import dev.mlops.core.model.FeatureType;
import dev.mlops.core.model.ModelSignature;
import dev.mlops.core.model.Schema;
import dev.mlops.monitoring.frame.CategoricalColumn;
import dev.mlops.monitoring.frame.Column;
import dev.mlops.monitoring.frame.ColumnSpec;
import dev.mlops.monitoring.frame.Frame;
import dev.mlops.monitoring.frame.NumericColumn;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generates model inputs (feature name to value, in schema order) for jqwik properties, from a model's
 * {@link Schema} or {@link ModelSignature}, or from a data set ({@link Frame}): each numeric feature
 * ranges over an interval (by default the one observed in the data), each categorical feature over
 * its categories. Values have the schema's Java types ({@code Double}, {@code Long}, {@code Boolean},
 * {@code String}), so a map goes straight to {@code TabularPredictor.predict}.
 *
 * <pre>{@code
 * @Provide
 * Arbitrary<Map<String, Object>> applications() {
 *   return FeatureVectors.forSignature(predictor.signature()).observedIn(holdout).range("age", 18, 99).build();
 * }
 *
 * @Property
 * void riskGrowsWithAmount(@ForAll("applications") Map<String, Object> x, @ForAll @DoubleRange(min = 0, max = 500) double step) {
 *   ModelProperties.assertMonotone(ModelProperties.score(predictor, "fraud"), x, "amount", step, Direction.INCREASING);
 * }
 * }</pre>
 *
 * <p><b>Shrinking.</b> Each feature shrinks on its own towards 0 (clamped into its range; the first
 * category for a categorical feature, {@code false} for a boolean), so a failing property is reported
 * with the smallest input jqwik finds that still fails.
 *
 * <p>This class is stateless and thread-safe; its {@link Builder} is not thread-safe.
 */
public final class FeatureVectors {
  /** The default interval of a numeric feature without a range given or observed. */
  public static final double DEFAULT_BOUND = 1000;

  private FeatureVectors() {}

  /**
   * Starts generating inputs of a schema.
   *
   * @param schema the input schema
   * @return a builder
   */
  public static Builder forSchema(Schema schema) {
    return new Builder(Objects.requireNonNull(schema, "schema").features());
  }

  /**
   * Starts generating inputs of a model signature.
   *
   * @param signature the signature
   * @return a builder
   */
  public static Builder forSignature(ModelSignature signature) {
    return forSchema(signature.inputs());
  }

  /**
   * Starts generating inputs shaped like a data set's rows: one feature per column, numeric columns as
   * {@link FeatureType#DOUBLE} over their observed range, categorical columns as
   * {@link FeatureType#STRING} over their observed categories.
   *
   * @param frame the data set
   * @return a builder
   * @throws InvalidInputException if a numeric column has no finite value or a categorical column no
   *     category
   */
  public static Builder fromFrame(Frame frame) {
    List<FeatureSpec> features = new ArrayList<>();
    for (Column c : frame.columns()) {
      ColumnSpec spec = c.spec();
      features.add(new FeatureSpec(spec.name(), c instanceof NumericColumn ? FeatureType.DOUBLE : FeatureType.STRING));
    }
    return new Builder(features).observedIn(frame);
  }

  /**
   * Configures the generated inputs. Not thread-safe.
   */
  public static final class Builder {
    private final List<FeatureSpec> features;
    private final Map<String, double[]> ranges = new HashMap<>();
    private final Map<String, List<String>> categories = new HashMap<>();

    private Builder(List<FeatureSpec> features) {
      this.features = List.copyOf(features);
      if (this.features.isEmpty()) {
        throw new InvalidInputException("schema", "The schema has no feature; nothing to generate.");
      }
    }

    /**
     * Sets the interval of a numeric feature (replacing one observed in data).
     *
     * @param feature the feature
     * @param min the smallest value
     * @param max the largest value
     * @return this builder
     * @throws InvalidInputException if the feature is not a numeric feature of the schema, or the
     *     bounds are not finite or reversed
     */
    public Builder range(String feature, double min, double max) {
      FeatureSpec f = feature(feature);
      if (f.type() != FeatureType.DOUBLE && f.type() != FeatureType.LONG) {
        throw new InvalidInputException(feature, "Feature '" + feature + "' is " + f.type().id()
            + ", not numeric; give it categories instead of a range.");
      }
      if (!Double.isFinite(min) || !Double.isFinite(max) || min > max) {
        throw new InvalidInputException(feature, "The range of '" + feature + "' must be finite with min <= max, got ["
            + min + ", " + max + "].");
      }
      if (f.type() == FeatureType.LONG && Math.ceil(min) > Math.floor(max)) {
        throw new InvalidInputException(feature, "The range [" + min + ", " + max + "] of whole-number feature '"
            + feature + "' holds no whole number.");
      }
      ranges.put(feature, new double[] {min, max});
      return this;
    }

    /**
     * Sets the categories of a string feature (replacing those observed in data).
     *
     * @param feature the feature
     * @param values the categories, at least one
     * @return this builder
     * @throws InvalidInputException if the feature is not a string feature of the schema, or no
     *     category is given
     */
    public Builder categories(String feature, List<String> values) {
      FeatureSpec f = feature(feature);
      if (f.type() != FeatureType.STRING) {
        throw new InvalidInputException(feature, "Feature '" + feature + "' is " + f.type().id()
            + ", not a string; give it a range instead of categories.");
      }
      if (values.isEmpty()) {
        throw new InvalidInputException(feature, "Give feature '" + feature + "' at least one category.");
      }
      categories.put(feature, List.copyOf(values));
      return this;
    }

    /**
     * Takes each feature's range or categories from the column of the same name in a data set: the
     * smallest and largest finite value of a numeric column, the categories of a categorical one.
     * Features without a column keep their current setting.
     *
     * @param frame the data set
     * @return this builder
     * @throws InvalidInputException if a column's kind does not fit its feature's type, a numeric
     *     column has no finite value or a categorical column no category
     */
    public Builder observedIn(Frame frame) {
      for (FeatureSpec f : features) {
        Column c = frame.column(f.name()).orElse(null);
        if (c == null) {
          continue;
        }
        if (c instanceof NumericColumn n) {
          if (f.type() == FeatureType.STRING) {
            throw new InvalidInputException(f.name(), "Column '" + f.name() + "' is numeric but the feature is a string.");
          }
          double[] v = n.finiteValues();
          if (v.length == 0) {
            throw new InvalidInputException(f.name(), "Column '" + f.name() + "' has no finite value to take a range from;"
                + " give the range with range(\"" + f.name() + "\", min, max).");
          }
          double min = Double.POSITIVE_INFINITY;
          double max = Double.NEGATIVE_INFINITY;
          for (double x : v) {
            min = Math.min(min, x);
            max = Math.max(max, x);
          }
          range(f.name(), min, max);
        } else {
          CategoricalColumn cat = (CategoricalColumn) c;
          if (f.type() != FeatureType.STRING) {
            throw new InvalidInputException(f.name(), "Column '" + f.name() + "' is categorical but the feature is "
                + f.type().id() + ".");
          }
          if (cat.labels().isEmpty()) {
            throw new InvalidInputException(f.name(), "Column '" + f.name() + "' has no category; give them with "
                + "categories(\"" + f.name() + "\", values).");
          }
          categories(f.name(), cat.labels());
        }
      }
      return this;
    }

    /**
     * Builds the generator of inputs: maps from feature name to value, in schema order, unmodifiable.
     *
     * @return the arbitrary
     * @throws InvalidInputException if a string feature has no categories
     */
    public Arbitrary<Map<String, Object>> build() {
      List<Arbitrary<Object>> parts = new ArrayList<>();
      List<String> names = new ArrayList<>();
      for (FeatureSpec f : features) {
        parts.add(arbitrary(f));
        names.add(f.name());
      }
      return Combinators.combine(parts).as(values -> {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
          m.put(names.get(i), values.get(i));
        }
        return Collections.unmodifiableMap(m);
      });
    }

    /**
     * Builds a generator of numeric rows in schema order, for {@code TabularPredictor.predictRow}
     * (booleans as 0 or 1).
     *
     * @return the arbitrary
     * @throws InvalidInputException if the schema has a string feature (no numeric row form)
     */
    public Arbitrary<double[]> rows() {
      for (FeatureSpec f : features) {
        if (f.type() == FeatureType.STRING) {
          throw new InvalidInputException(f.name(), "Feature '" + f.name() + "' is a string, so rows have no numeric form;"
              + " generate maps with build().");
        }
      }
      return build().map(m -> {
        double[] row = new double[features.size()];
        for (int i = 0; i < row.length; i++) {
          Object v = m.get(features.get(i).name());
          row[i] = v instanceof Boolean b ? (b ? 1 : 0) : ((Number) v).doubleValue();
        }
        return row;
      });
    }

    private Arbitrary<Object> arbitrary(FeatureSpec f) {
      double[] r = ranges.getOrDefault(f.name(), new double[] {-DEFAULT_BOUND, DEFAULT_BOUND});
      switch (f.type()) {
        case DOUBLE: {
          if (r[0] == r[1]) {
            return Arbitraries.just(r[0]);
          }
          double target = Math.max(r[0], Math.min(r[1], 0.0));
          return Arbitraries.doubles().between(r[0], r[1]).shrinkTowards(target).map(x -> (Object) x);
        }
        case LONG: {
          long lo = (long) Math.ceil(r[0]);
          long hi = (long) Math.floor(r[1]);
          long target = Math.max(lo, Math.min(hi, 0L));
          return Arbitraries.longs().between(lo, hi).shrinkTowards(target).map(x -> (Object) x);
        }
        case BOOLEAN:
          return Arbitraries.of(false, true).map(x -> (Object) x);
        default: {
          List<String> values = categories.get(f.name());
          if (values == null) {
            throw new InvalidInputException(f.name(), "String feature '" + f.name() + "' has no categories; give them with"
                + " categories(\"" + f.name() + "\", values) or observedIn(frame).");
          }
          return Arbitraries.of(values).map(x -> (Object) x);
        }
      }
    }

    private FeatureSpec feature(String name) {
      for (FeatureSpec f : features) {
        if (f.name().equals(name)) {
          return f;
        }
      }
      throw new InvalidInputException(name, "The schema has no feature '" + name + "'; its features are "
          + features.stream().map(FeatureSpec::name).toList() + ".");
    }
  }
}
