package dev.mlops.monitoring.drift;

import java.util.List;

/**
 * What a report draws for a column: the reference and current frequencies over shared bins
 * (numeric: {@code edges} has one more entry than the frequency lists, {@code labels} is empty)
 * or shared categories (categorical: {@code labels} names each entry, {@code edges} is empty).
 * Frequencies are shares of the non-missing rows of each side; a categorical chart shows the most
 * frequent categories and {@code hiddenCategories} counts the others. Immutable and thread-safe.
 *
 * @param edges the bin edges of a numeric chart, ascending
 * @param labels the category labels of a categorical chart
 * @param reference the reference frequencies, each in [0, 1]
 * @param current the current frequencies, each in [0, 1]
 * @param hiddenCategories categories left out of the chart
 */
public record Distribution(List<Double> edges, List<String> labels, List<Double> reference, List<Double> current,
    int hiddenCategories) {
  /**
   * Validates and copies the lists.
   *
   * @param edges the bin edges of a numeric chart, ascending
   * @param labels the category labels of a categorical chart
   * @param reference the reference frequencies, each in [0, 1]
   * @param current the current frequencies, each in [0, 1]
   * @param hiddenCategories categories left out of the chart
   * @throws NullPointerException if a list or element is null
   * @throws IllegalArgumentException if the sizes do not match
   */
  public Distribution {
    edges = List.copyOf(edges);
    labels = List.copyOf(labels);
    reference = List.copyOf(reference);
    current = List.copyOf(current);
    int bars = edges.isEmpty() ? labels.size() : edges.size() - 1;
    if (reference.size() != bars || current.size() != bars) {
      throw new IllegalArgumentException("each side needs one frequency per bin or category");
    }
  }

  /**
   * Returns whether this is a numeric (binned) chart.
   *
   * @return true when there are bin edges
   */
  public boolean numeric() {
    return !edges.isEmpty();
  }
}
