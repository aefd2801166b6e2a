package dev.mlops.examples.spark;

import dev.mlops.monitoring.drift.DriftEngine;
import dev.mlops.monitoring.drift.DriftReport;
import dev.mlops.monitoring.frame.Frame;
import dev.mlops.monitoring.profile.ReferenceProfile;
import dev.mlops.monitoring.report.HtmlReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark job: profiles the reference and the current CSV data per partition, merges the
 * profiles, compares the current data with the merged reference profile, and writes both profiles
 * (JSON) and the drift report (HTML).
 *
 * <pre>
 * spark-submit --class dev.mlops.examples.spark.DriftJob app.jar reference.csv current.csv out/
 * </pre>
 *
 * <p>Without arguments it writes a demo data set with a known shift to {@code target/spark-profiles}
 * and runs on it. The master comes from {@code spark-submit} (or {@code -Dspark.master}); when none
 * is set the job runs in local mode on every core.
 *
 * <p>Stateless and thread-safe (static methods only).
 */
public final class DriftJob {
  private DriftJob() {}

  /**
   * What one run produced.
   *
   * @param reference the merged reference profile
   * @param current the merged profile of the current data
   * @param report the drift report
   * @param html the HTML report file
   */
  public record Result(ReferenceProfile reference, ReferenceProfile current, DriftReport report, Path html) {
    /**
     * Checks the fields.
     *
     * @param reference the merged reference profile
     * @param current the merged profile of the current data
     * @param report the drift report
     * @param html the HTML report file
     * @throws NullPointerException if an argument is null
     */
    public Result {
      Objects.requireNonNull(reference, "reference");
      Objects.requireNonNull(current, "current");
      Objects.requireNonNull(report, "report");
      Objects.requireNonNull(html, "html");
    }
  }

  /**
   * Runs the job.
   *
   * @param args {@code reference.csv current.csv output-dir}, or nothing for the demo data
   */
  public static void main(String[] args) {
    Path out;
    Path referenceCsv;
    Path currentCsv;
    if (args.length == 0) {
      out = Path.of("target", "spark-profiles");
      createDirectories(out);
      referenceCsv = SyntheticData.write(out.resolve("reference.csv"), 40_000, false, 20261122L);
      currentCsv = SyntheticData.write(out.resolve("current.csv"), 10_000, true, 20261123L);
    } else if (args.length == 3) {
      referenceCsv = Path.of(args[0]);
      currentCsv = Path.of(args[1]);
      out = Path.of(args[2]);
    } else {
      System.err.println("usage: DriftJob [reference.csv current.csv output-dir]");
      System.exit(2);
      return;
    }
    SparkConf conf = new SparkConf().setAppName("mlops-spark-profiles");
    if (!conf.contains("spark.master")) {
      conf.setMaster("local[*]");
    }
    SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
    try {
      Result r = run(spark, referenceCsv, currentCsv, out);
      System.out.printf("reference: %d rows profiled on Spark; current: %d rows%n", r.reference().rowCount(),
          r.current().rowCount());
      System.out.printf("drifted columns: %s (dataset drift: %s)%n", r.report().driftedColumnNames(),
          r.report().datasetDrift());
      System.out.println("drift report: " + r.html().toAbsolutePath());
    } finally {
      spark.stop();
    }
  }

  /**
   * Profiles both CSV files on Spark, compares and writes {@code reference-profile.json}, {@code
   * current-profile.json} and {@code drift-report.html} to the output directory.
   *
   * @param spark the session
   * @param referenceCsv the reference data (CSV with a header)
   * @param currentCsv the current data (CSV with a header)
   * @param out the output directory (created if absent)
   * @return what the run produced
   * @throws UncheckedIOException if an output cannot be written
   */
  public static Result run(SparkSession spark, Path referenceCsv, Path currentCsv, Path out) {
    return run(readCsv(spark, referenceCsv), readCsv(spark, currentCsv), out);
  }

  /**
   * Profiles both data sets per partition, compares and writes {@code reference-profile.json},
   * {@code current-profile.json} and {@code drift-report.html} to the output directory.
   *
   * @param reference the reference data
   * @param current the current data (collected to the driver for the comparison)
   * @param out the output directory (created if absent)
   * @return what the run produced
   * @throws UncheckedIOException if an output cannot be written
   */
  public static Result run(Dataset<Row> reference, Dataset<Row> current, Path out) {
    ReferenceProfile referenceProfile = SparkProfiles.profile(reference);
    ReferenceProfile currentProfile = SparkProfiles.profile(current);
    // The drift engine compares a reference profile with current rows: the current window comes to
    // the driver (a day of production traffic, say), the reference never does.
    Frame currentFrame = SparkProfiles.collect(current);
    DriftReport report = DriftEngine.defaults().compare(referenceProfile, currentFrame);
    createDirectories(out);
    try {
      Files.writeString(out.resolve("reference-profile.json"), referenceProfile.toJson());
      Files.writeString(out.resolve("current-profile.json"), currentProfile.toJson());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the profiles to " + out, e);
    }
    Path html = HtmlReport.write(report, out.resolve("drift-report.html"));
    return new Result(referenceProfile, currentProfile, report, html);
  }

  /**
   * Reads a CSV file with a header, inferring column types (numbers become numeric columns).
   *
   * @param spark the session
   * @param csv the file
   * @return the data set
   */
  public static Dataset<Row> readCsv(SparkSession spark, Path csv) {
    return spark.read().option("header", true).option("inferSchema", true).csv(csv.toString());
  }

  private static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
  }
}
