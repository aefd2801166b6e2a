package dev.mlops.core.explain;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.model.Prediction;
import dev.mlops.core.model.TabularPredictor;
import java.util.ArrayList;
import java.util.List;

/**
 * The interventional coalition game of one row: v(S) = Σ_b w_b f(x_S, b_rest) over background rows b.
 * Model calls are batched: the rows of many coalitions go to the predictor in one predictRows call.
 * Not thread-safe (one per explanation).
 */
final class MaskedModel {
  /** Rows per predictRows call. */
  static final int BATCH_ROWS = 8192;

  private final TabularPredictor predictor;
  private final ExplainedOutput output;
  private final double[][] background;
  private final double[] weights;
  private final int[][] players;
  private final double[] x;
  private long modelRows;

  MaskedModel(TabularPredictor predictor, ExplainedOutput output, Background background, FeatureGroups.Players players, double[] x) {
    this.predictor = predictor;
    this.output = output;
    this.background = background.rawRows();
    this.weights = background.rawWeights();
    this.players = players.columns();
    this.x = x;
    if (background.width() != x.length) {
      throw new InvalidInputException("background", "Background rows have " + background.width() + " values but the row has "
          + x.length + "; use background rows in the same schema order.");
    }
  }

  /** f(x) itself. */
  double full() {
    return output(predictor.predictRow(x));
  }

  double output(Prediction p) {
    double v = output.of(p);
    if (!Double.isFinite(v)) {
      throw new InvalidInputException("output", "The model returned a NaN or infinite " + output.id() + "; it cannot be explained.");
    }
    return v;
  }

  /** Values of many coalitions; coalitions[c][p] says whether player p takes the row's value. */
  double[] values(boolean[][] coalitions) {
    int nb = background.length;
    double[] out = new double[coalitions.length];
    int perBatch = Math.max(1, BATCH_ROWS / nb);
    List<double[]> rows = new ArrayList<>(perBatch * nb);
    for (int start = 0; start < coalitions.length; start += perBatch) {
      int end = Math.min(coalitions.length, start + perBatch);
      rows.clear();
      for (int c = start; c < end; c++) {
        boolean[] s = coalitions[c];
        for (double[] b : background) {
          double[] r = b.clone();
          for (int p = 0; p < s.length; p++) {
            if (s[p]) {
              for (int col : players[p]) {
                r[col] = x[col];
              }
            }
          }
          rows.add(r);
        }
      }
      List<Prediction> preds = predictor.predictRows(rows);
      modelRows += rows.size();
      int k = 0;
      for (int c = start; c < end; c++) {
        double v = 0;
        for (int b = 0; b < nb; b++) {
          v += weights[b] * output(preds.get(k++));
        }
        out[c] = v;
      }
    }
    return out;
  }

  long modelRows() {
    return modelRows;
  }
}
