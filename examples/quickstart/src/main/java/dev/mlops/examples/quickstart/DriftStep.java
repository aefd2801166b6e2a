package dev.mlops.examples.quickstart;

import dev.mlops.monitoring.drift.DriftEngine;
import dev.mlops.monitoring.drift.DriftReport;
import dev.mlops.monitoring.frame.Column;
import dev.mlops.monitoring.frame.Frame;
import dev.mlops.monitoring.frame.Frames;
import dev.mlops.monitoring.frame.NumericColumn;
import dev.mlops.monitoring.profile.ReferenceProfile;
import dev.mlops.monitoring.report.HtmlReport;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The quickstart's drift step: profile the training rows of the breast-cancer data once, simulate a
 * production batch whose tumours measure larger and whose texture readings shifted (with a gap in
 * one sensor), compare the batch with the profile, print the drifted columns and write the HTML
 * report.
 */
public final class DriftStep {
  /** 398 rows (70%) are the training (reference) rows; the other 171 play production. */
  static final int TRAINING_ROWS = 398;

  private DriftStep() {}

  /**
   * What the step produced.
   *
   * @param report the drift report
   * @param html the HTML report file
   */
  public record Result(DriftReport report, Path html) {}

  /**
   * Runs the step, writing the HTML report to {@code root/drift/drift-report.html}.
   *
   * @param root the quickstart's registry directory (the report goes beside it)
   * @param out where to print
   * @return the report and the HTML file
   * @throws IOException if the data cannot be read or the report written
   */
  public static Result run(Path root, PrintStream out) throws IOException {
    Frame[] parts = split();
    Frame training = parts[0];
    ReferenceProfile profile = ReferenceProfile.of(training);   // computed once, kept beside the model

    Frame production = shifted(parts[1]);
    DriftReport report = DriftEngine.defaults().compare(profile, production);

    out.printf("drift: %d of %d columns drifted, dataset drift %s%n", report.driftedColumns(),
        report.consideredColumns(), report.datasetDrift() ? "DETECTED" : "not detected");
    out.printf("drifted columns: %s%n", report.driftedColumnNames());
    out.printf("missing share grew in: %s%n", report.missingShareAlerts());
    Path html = HtmlReport.write(report, Files.createDirectories(root.resolve("drift")).resolve("drift-report.html"));
    out.printf("drift report at %s%n", html.toAbsolutePath());
    return new Result(report, html);
  }

  /**
   * Reads the breast-cancer rows and splits them 70/30 with a fixed seed (the file is ordered, so a
   * plain cut would drift by itself).
   *
   * @return the training rows, then the production rows
   * @throws IOException if the data cannot be read
   */
  static Frame[] split() throws IOException {
    Frame data;
    try (Reader csv = new InputStreamReader(
        Objects.requireNonNull(DriftStep.class.getResourceAsStream("/breast_cancer.csv")), StandardCharsets.UTF_8)) {
      data = Frames.csv().categorical("diagnosis").read(csv);
    }
    int[] order = IntStream.range(0, data.rowCount()).toArray();
    SplittableRandom random = new SplittableRandom(42);
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return new Frame[] {data.select(Arrays.copyOfRange(order, 0, TRAINING_ROWS)),
        data.select(Arrays.copyOfRange(order, TRAINING_ROWS, order.length))};
  }

  /** Production drifts: radius x1.25, texture +4, worst area x1.3, every fourth smoothness_error lost. */
  static Frame shifted(Frame batch) {
    List<Column> columns = new ArrayList<>();
    for (Column c : batch.columns()) {
      if (!(c instanceof NumericColumn n)) {
        columns.add(c);
        continue;
      }
      double[] v = n.toArray();
      for (int i = 0; i < v.length; i++) {
        switch (c.spec().name()) {
          case "mean_radius" -> v[i] *= 1.25;
          case "mean_texture" -> v[i] += 4;
          case "worst_area" -> v[i] *= 1.3;
          case "smoothness_error" -> v[i] = i % 4 == 0 ? Double.NaN : v[i];
          default -> { }
        }
      }
      columns.add(new NumericColumn(c.spec().name(), v));
    }
    return Frame.of(columns);
  }
}
