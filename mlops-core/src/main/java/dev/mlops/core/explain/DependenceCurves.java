package dev.mlops.core.explain;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Partial dependence and individual conditional expectation (ICE) curves of one feature: the model's
 * output with the feature set to each grid value, for each row (ICE) and averaged over rows (PDP).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param feature the feature
 * @param output the output
 * @param grid the feature values, ascending
 * @param partialDependence the mean output at each grid value
 * @param ice one curve per row: the output at each grid value
 */
public record DependenceCurves(String feature, ExplainedOutput output, List<Double> grid, List<Double> partialDependence,
    List<List<Double>> ice) {

  /**
   * Validates and copies the components.
   *
   * @param feature the feature
   * @param output the output
   * @param grid the grid
   * @param partialDependence one value per grid point
   * @param ice curves of one value per grid point
   */
  public DependenceCurves {
    Objects.requireNonNull(feature, "feature");
    Objects.requireNonNull(output, "output");
    grid = List.copyOf(grid);
    partialDependence = List.copyOf(partialDependence);
    List<List<Double>> copy = new ArrayList<>();
    for (List<Double> c : ice) {
      if (c.size() != grid.size()) {
        throw new IllegalArgumentException("an ICE curve has " + c.size() + " points for a grid of " + grid.size());
      }
      copy.add(List.copyOf(c));
    }
    ice = List.copyOf(copy);
    if (partialDependence.size() != grid.size()) {
      throw new IllegalArgumentException("one partial dependence value per grid point");
    }
  }
}
