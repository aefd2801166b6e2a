package dev.mlops.examples.batch;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.model.BatchPrediction;
import dev.mlops.core.model.OutputKind;
import dev.mlops.core.model.OutputSpec;
import dev.mlops.core.model.TabularPredictor;
import dev.mlops.monitoring.frame.CategoricalColumn;
import dev.mlops.monitoring.frame.NumericColumn;
import dev.mlops.monitoring.monitor.PredictionMonitor;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Scores a {@link BatchInput} with {@link TabularPredictor#predictBatch} in batches, records every row in a
 * {@link PredictionMonitor} (in row order, so the monitor's windows are slices of the file), and writes the
 * scored CSV atomically.
 *
 * <p>The scored file has one line per input row: {@code row} (the 1-based data row of the input), the
 * pass-through columns, {@code status} ({@code scored} or {@code rejected}), {@code prediction}, one
 * {@code score_<class>} (or {@code value_<name>}) column per output, and {@code reason} for a rejected row
 * (the first feature whose value is missing). Rejected rows are recorded in the monitor as errors, so the
 * error-rate alert sees them. When more than the allowed share of rows is rejected, nothing is written and
 * the run fails.
 *
 * <p>Stateless and thread-safe.
 */
public final class BatchScorer {
  /** The monitor's error type for a row with a missing feature value. */
  public static final String MISSING_FEATURE = "MissingFeatureValue";

  private BatchScorer() {}

  /**
   * What scoring produced.
   *
   * <p>Immutable and thread-safe.
   *
   * @param rows rows read
   * @param scored rows scored
   * @param rejected rows rejected (a missing feature value)
   * @param predicted predicted label (or {@code value}) to count, sorted
   * @param file the scored CSV
   */
  public record Result(int rows, int scored, int rejected, Map<String, Integer> predicted, Path file) {
    /**
     * Copies the counts.
     *
     * @param rows rows read
     * @param scored rows scored
     * @param rejected rows rejected
     * @param predicted counts per label
     * @param file the file
     */
    public Result {
      predicted = java.util.Collections.unmodifiableMap(new TreeMap<>(predicted));
      Objects.requireNonNull(file, "file");
    }
  }

  /**
   * Scores the batch and writes {@code target}.
   *
   * @param batch the checked batch
   * @param model the model
   * @param monitor the monitor recording every row
   * @param batchSize rows per {@code predictBatch} call
   * @param maxRejectedShare the share of rejected rows above which the run fails
   * @param target the scored CSV to write (atomically)
   * @return counts and the file
   * @throws InvalidInputException if more rows than allowed lack a feature value (field {@code input}); nothing
   *     is written then
   * @throws java.io.UncheckedIOException if the file cannot be written
   */
  public static Result score(BatchInput batch, TabularPredictor model, PredictionMonitor monitor, int batchSize,
      double maxRejectedShare, Path target) {
    List<String> features = batch.features();
    NumericColumn[] columns = new NumericColumn[features.size()];
    for (int f = 0; f < columns.length; f++) {
      columns[f] = (NumericColumn) batch.frame().column(features.get(f)).orElseThrow();
    }
    List<CategoricalColumn> passThrough = new ArrayList<>();
    for (String name : batch.passThrough()) {
      passThrough.add((CategoricalColumn) batch.frame().column(name).orElseThrow());
    }
    int[] counts = new int[2];   // scored, rejected
    Map<String, Integer> predicted = new TreeMap<>();
    OutputSpec spec = model.signature().output();
    boolean classification = spec.kind() == OutputKind.CLASSIFICATION;
    List<String> outputs = spec.names();
    AtomicFiles.write(target, out -> {
      header(out, batch.passThrough(), classification, outputs);
      int n = batch.rows();
      for (int start = 0; start < n; start += batchSize) {
        int end = Math.min(n, start + batchSize);
        List<double[]> valid = new ArrayList<>(end - start);
        String[] reason = new String[end - start];
        for (int r = start; r < end; r++) {
          double[] row = new double[columns.length];
          for (int f = 0; f < row.length; f++) {
            row[f] = columns[f].value(r);
            if (reason[r - start] == null && !Double.isFinite(row[f])) {
              reason[r - start] = "missing value of " + features.get(f);
            }
          }
          if (reason[r - start] == null) {
            valid.add(row);
          }
        }
        long t0 = System.nanoTime();
        BatchPrediction scores = valid.isEmpty() ? null : model.predictBatch(valid);
        long perRow = valid.isEmpty() ? 0 : (System.nanoTime() - t0) / valid.size();
        int next = 0;
        for (int r = start; r < end; r++) {
          Map<String, Object> inputs = new LinkedHashMap<>();
          for (int f = 0; f < columns.length; f++) {
            inputs.put(features.get(f), columns[f].value(r));
          }
          StringBuilder line = new StringBuilder().append(r + 1);
          for (CategoricalColumn c : passThrough) {
            line.append(',').append(csv(c.value(r)));
          }
          if (reason[r - start] != null) {
            monitor.recordError(inputs, MISSING_FEATURE, 0);
            counts[1]++;
            line.append(",rejected,");
            line.append(",".repeat(outputs.size()));
            line.append(',').append(csv(reason[r - start]));
          } else {
            int j = next++;
            monitor.record(inputs, scores.prediction(j), perRow);
            counts[0]++;
            String label = classification ? scores.label(j) : "value";
            predicted.merge(label, 1, Integer::sum);
            line.append(",scored,").append(csv(classification ? label : Double.toString(scores.value(j, 0))));
            for (String o : outputs) {
              int k = scores.names().indexOf(o);
              line.append(',').append(classification ? scores.score(j, k) : scores.value(j, k));
            }
            line.append(',');
          }
          rows(out, line);
        }
      }
      double share = (double) counts[1] / n;
      if (share > maxRejectedShare) {
        throw new InvalidInputException("input", String.format(java.util.Locale.ROOT, "%d of %d rows (%.1f%%) of %s "
                + "lack a feature value, more than the allowed %.1f%% (--max-rejected-share); fix the upstream "
                + "extract, or raise the limit if such gaps are expected. Nothing was written.", counts[1], n,
            100 * share, batch.file(), 100 * maxRejectedShare));
      }
    });
    return new Result(batch.rows(), counts[0], counts[1], predicted, target);
  }

  private static void header(Writer out, List<String> passThrough, boolean classification, List<String> outputs)
      throws IOException {
    StringBuilder h = new StringBuilder("row");
    for (String p : passThrough) {
      h.append(',').append(csv(p));
    }
    h.append(",status,prediction");
    for (String o : outputs) {
      h.append(',').append(csv((classification ? "score_" : "value_") + o));
    }
    h.append(",reason\n");
    out.write(h.toString());
  }

  private static void rows(Writer out, StringBuilder line) throws IOException {
    out.write(line.append('\n').toString());
  }

  private static String csv(String s) {
    if (s == null) {
      return "";
    }
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }
}
