package dev.mlops.core.explain;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.model.Prediction;
import dev.mlops.core.model.TabularPredictor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Partial dependence (PDP) and individual conditional expectation (ICE) curves for any tabular
 * predictor. The grid is the feature's distinct values when there are few, otherwise evenly spaced
 * quantiles of its values in the rows. All grid rows go to the model in batches.
 *
 * <pre>{@code
 * DependenceCurves c = PartialDependence.of(predictor, ExplainedOutput.score("yes"), 20).compute(rows, "age");
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe when the predictor is.
 */
public final class PartialDependence {
  private final TabularPredictor predictor;
  private final ExplainedOutput output;
  private final int points;

  private PartialDependence(TabularPredictor predictor, ExplainedOutput output, int points) {
    this.predictor = predictor;
    this.output = output;
    this.points = points;
  }

  /**
   * Creates the explainer.
   *
   * @param predictor the model
   * @param output the output
   * @param points the largest number of grid points, at least 2
   * @return the explainer
   * @throws IllegalArgumentException if points is below 2
   */
  public static PartialDependence of(TabularPredictor predictor, ExplainedOutput output, int points) {
    if (points < 2) {
      throw new IllegalArgumentException("points < 2");
    }
    return new PartialDependence(Objects.requireNonNull(predictor, "predictor"), Objects.requireNonNull(output, "output"), points);
  }

  /**
   * Computes the curves of one feature over rows, on a grid taken from the rows.
   *
   * @param rows the rows, in schema order
   * @param feature the feature name
   * @return the curves
   * @throws InvalidInputException if there are no rows, a row is invalid or the feature is unknown
   */
  public DependenceCurves compute(List<double[]> rows, String feature) {
    int j = predictor.schema().indexOf(feature);
    if (rows.isEmpty()) {
      throw new InvalidInputException("rows", "Partial dependence needs at least one row.");
    }
    double[] values = new double[rows.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = predictor.schema().checkRow(rows.get(i))[j];
    }
    return compute(rows, feature, grid(values, points));
  }

  /**
   * Computes the curves of one feature on a given grid.
   *
   * @param rows the rows, in schema order
   * @param feature the feature name
   * @param grid the grid values, finite
   * @return the curves
   * @throws InvalidInputException if there are no rows, a row or grid value is invalid or the feature
   *     is unknown
   */
  public DependenceCurves compute(List<double[]> rows, String feature, List<Double> grid) {
    int j = predictor.schema().indexOf(feature);
    if (rows.isEmpty() || grid.isEmpty()) {
      throw new InvalidInputException("rows", "Partial dependence needs at least one row and one grid value.");
    }
    for (double g : grid) {
      if (!Double.isFinite(g)) {
        throw new InvalidInputException("grid", "A grid value is NaN or infinite.");
      }
    }
    int n = rows.size();
    int gsize = grid.size();
    double[][] ice = new double[n][gsize];
    List<double[]> batch = new ArrayList<>();
    int perBatch = Math.max(1, MaskedModel.BATCH_ROWS / gsize);
    for (int start = 0; start < n; start += perBatch) {
      int end = Math.min(n, start + perBatch);
      batch.clear();
      for (int i = start; i < end; i++) {
        double[] base = predictor.schema().checkRow(rows.get(i));
        for (double g : grid) {
          double[] r = base.clone();
          r[j] = g;
          batch.add(r);
        }
      }
      List<Prediction> preds = predictor.predictRows(batch);
      int k = 0;
      for (int i = start; i < end; i++) {
        for (int g = 0; g < gsize; g++) {
          double v = output.of(preds.get(k++));
          if (!Double.isFinite(v)) {
            throw new InvalidInputException("output", "The model returned a NaN or infinite " + output.id() + ".");
          }
          ice[i][g] = v;
        }
      }
    }
    List<Double> pdp = new ArrayList<>();
    for (int g = 0; g < gsize; g++) {
      double s = 0;
      for (int i = 0; i < n; i++) {
        s += ice[i][g];
      }
      pdp.add(s / n);
    }
    List<List<Double>> curves = new ArrayList<>();
    for (double[] c : ice) {
      curves.add(Explanation.boxed(c));
    }
    return new DependenceCurves(feature, output, grid, pdp, curves);
  }

  /** Distinct values when there are at most {@code points}, otherwise quantiles at (k/(points−1)). */
  static List<Double> grid(double[] values, int points) {
    TreeSet<Double> distinct = new TreeSet<>();
    for (double v : values) {
      distinct.add(v);
    }
    if (distinct.size() <= points) {
      return new ArrayList<>(distinct);
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    TreeSet<Double> q = new TreeSet<>();
    for (int k = 0; k < points; k++) {
      double pos = k * (sorted.length - 1) / (double) (points - 1);
      int lo = (int) Math.floor(pos);
      int hi = Math.min(sorted.length - 1, lo + 1);
      q.add(sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]));
    }
    return new ArrayList<>(q);
  }
}
