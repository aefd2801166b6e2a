package dev.mlops.monitoring.drift;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Builds the chart data of a categorical column: the most frequent categories of both sides. */
final class CategoryChart {
  private CategoryChart() {}

  static Distribution of(String[] labels, long[] rc, long[] cc) {
    double rt = Arrays.stream(rc).sum();
    double ct = Arrays.stream(cc).sum();
    Integer[] order = new Integer[labels.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble(i -> -(share(rc[i], rt) + share(cc[i], ct))));
    int shown = Math.min(labels.length, DriftEngine.CHART_CATEGORIES);
    List<String> l = new ArrayList<>(shown);
    List<Double> r = new ArrayList<>(shown);
    List<Double> c = new ArrayList<>(shown);
    for (int k = 0; k < shown; k++) {
      int i = order[k];
      l.add(labels[i]);
      r.add(share(rc[i], rt));
      c.add(share(cc[i], ct));
    }
    return new Distribution(List.of(), l, r, c, labels.length - shown);
  }

  static double share(long count, double total) {
    return total == 0 ? 0.0 : Math.min(1.0, count / total);
  }
}
