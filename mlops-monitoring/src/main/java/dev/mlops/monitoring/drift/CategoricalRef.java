package dev.mlops.monitoring.drift;

import dev.mlops.monitoring.frame.CategoricalColumn;
import dev.mlops.monitoring.profile.CategoricalProfile;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToLongFunction;

/** The reference side of a categorical column: exact counts, or a profile's (estimated) counts. */
record CategoricalRef(Map<String, Long> counts, ToLongFunction<String> estimator, long total, long maxError) {

  static CategoricalRef of(CategoricalColumn column) {
    long[] c = column.counts();
    Map<String, Long> m = new LinkedHashMap<>();
    long total = 0;
    for (int i = 0; i < c.length; i++) {
      m.put(column.labels().get(i), c[i]);
      total += c[i];
    }
    return new CategoricalRef(m, label -> 0L, total, 0);
  }

  static CategoricalRef of(CategoricalProfile profile) {
    return new CategoricalRef(profile.knownCategories(), profile::estimate, profile.count(), profile.maxError());
  }

  long estimate(String label) {
    return estimator.applyAsLong(label);
  }
}
