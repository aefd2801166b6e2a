package dev.mlops.monitoring.profile;

import dev.mlops.monitoring.frame.CategoricalColumn;
import dev.mlops.monitoring.frame.ColumnSpec;
import dev.mlops.monitoring.frame.ColumnType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;

/**
 * The profile of a categorical column: the exact count of each category while there are at most
 * the profile's category limit, past it an Apache DataSketches frequent-items sketch whose
 * estimates are within {@link #maxError()} of the true counts. Missing values are null labels.
 *
 * <p>Immutable and thread-safe: the sketch is never handed out or updated after construction.
 */
public final class CategoricalProfile implements ColumnProfile {
  private final ColumnSpec spec;
  private final long count;
  private final long missing;
  private final Map<String, Long> counts;
  private final ItemsSketch<String> sketch;

  CategoricalProfile(String name, long count, long missing, Map<String, Long> counts, ItemsSketch<String> sketch) {
    this.spec = new ColumnSpec(name, ColumnType.CATEGORICAL);
    this.count = count;
    this.missing = missing;
    this.counts = counts == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(counts));
    this.sketch = sketch;
  }

  static CategoricalProfile of(CategoricalColumn column, int categoryLimit, int sketchMapSize) {
    long[] c = column.counts();
    Map<String, Long> m = new LinkedHashMap<>();
    long n = 0;
    for (int i = 0; i < c.length; i++) {
      if (c[i] > 0) {
        m.put(column.labels().get(i), c[i]);
        n += c[i];
      }
    }
    return bounded(column.spec().name(), n, column.missingCount(), m, null, categoryLimit, sketchMapSize);
  }

  private static CategoricalProfile bounded(String name, long n, long missing, Map<String, Long> counts,
      ItemsSketch<String> sketch, int categoryLimit, int sketchMapSize) {
    if (counts != null && counts.size() > categoryLimit) {
      ItemsSketch<String> s = new ItemsSketch<>(sketchMapSize);
      counts.forEach(s::update);
      return new CategoricalProfile(name, n, missing, null, s);
    }
    return new CategoricalProfile(name, n, missing, counts, sketch);
  }

  CategoricalProfile merge(CategoricalProfile o, int categoryLimit, int sketchMapSize) {
    long n = count + o.count;
    if (counts != null && o.counts != null) {
      Map<String, Long> m = new LinkedHashMap<>(counts);
      o.counts.forEach((k, v) -> m.merge(k, v, Long::sum));
      return bounded(spec.name(), n, missing + o.missing, m, null, categoryLimit, sketchMapSize);
    }
    ItemsSketch<String> s = new ItemsSketch<>(sketchMapSize);
    for (CategoricalProfile p : new CategoricalProfile[] {this, o}) {
      if (p.counts != null) {
        p.counts.forEach(s::update);
      } else {
        s.merge(p.sketch);
      }
    }
    return new CategoricalProfile(spec.name(), n, missing + o.missing, null, s);
  }

  @Override
  public ColumnSpec spec() {
    return spec;
  }

  @Override
  public long count() {
    return count;
  }

  @Override
  public long missingCount() {
    return missing;
  }

  /**
   * Returns the exact count per category, in order of first appearance, if the column had at most
   * the category limit.
   *
   * @return an unmodifiable map, or empty when a sketch is kept instead
   */
  public Optional<Map<String, Long>> exactCounts() {
    return Optional.ofNullable(counts);
  }

  /**
   * Returns the (estimated, with a sketch) count of a category.
   *
   * @param label the category
   * @return the count; exact when {@link #exactCounts()} is present
   */
  public long estimate(String label) {
    if (counts != null) {
      return counts.getOrDefault(label, 0L);
    }
    return sketch.getEstimate(label);
  }

  /**
   * Returns the bound on the error of {@link #estimate}: 0 for exact counts.
   *
   * @return the maximum absolute error of a count
   */
  public long maxError() {
    return counts == null ? sketch.getMaximumError() : 0;
  }

  /**
   * Returns the categories the profile knows: all of them for exact counts, the frequent ones
   * (no false negatives above the error) for a sketch.
   *
   * @return the labels with their (estimated) counts, most frequent first for a sketch
   */
  public Map<String, Long> knownCategories() {
    if (counts != null) {
      return counts;
    }
    Map<String, Long> m = new LinkedHashMap<>();
    for (ItemsSketch.Row<String> r : sketch.getFrequentItems(ErrorType.NO_FALSE_NEGATIVES)) {
      m.put(r.getItem(), r.getEstimate());
    }
    return Collections.unmodifiableMap(m);
  }

  ItemsSketch<String> rawSketch() {
    return sketch;
  }

  @Override
  public String toString() {
    return "CategoricalProfile[" + spec.name() + ", n=" + count + ", missing=" + missing + ", "
        + (counts != null ? counts.size() + " categories" : "sketch") + "]";
  }
}
