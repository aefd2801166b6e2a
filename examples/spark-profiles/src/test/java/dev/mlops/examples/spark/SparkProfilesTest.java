package dev.mlops.examples.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.core.InvalidInputException;
import dev.mlops.monitoring.drift.ColumnDrift;
import dev.mlops.monitoring.drift.DriftEngine;
import dev.mlops.monitoring.drift.DriftReport;
import dev.mlops.monitoring.frame.Frame;
import dev.mlops.monitoring.frame.Frames;
import dev.mlops.monitoring.frame.NumericColumn;
import dev.mlops.monitoring.profile.CategoricalProfile;
import dev.mlops.monitoring.profile.NumericProfile;
import dev.mlops.monitoring.profile.ReferenceProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the Spark job for real (local[2]) and checks it against the single-machine library: the
 * merged per-partition profile equals the profile of the whole data within the KLL sketch's rank
 * error, and the drift verdicts equal the single-machine report's on data with a known shift.
 */
class SparkProfilesTest {
  private static final int REFERENCE_ROWS = 40_000;
  private static final int CURRENT_ROWS = 10_000;
  private static final List<String> NUMERIC = List.of("age", "income", "tenure_months");

  @TempDir
  static Path dir;

  private static SparkSession spark;
  private static Path referenceCsv;
  private static Path currentCsv;
  private static Frame referenceFrame;
  private static Frame currentFrame;

  @BeforeAll
  static void startSpark() {
    spark = SparkSession.builder().master("local[2]").appName("spark-profiles-test")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate();
    referenceCsv = SyntheticData.write(dir.resolve("reference.csv"), REFERENCE_ROWS, false, 20261122L);
    currentCsv = SyntheticData.write(dir.resolve("current.csv"), CURRENT_ROWS, true, 20261123L);
    // The single-machine side reads the same files with the library's own CSV reader, not through Spark.
    referenceFrame = Frames.csv().categorical("region").read(referenceCsv);
    currentFrame = Frames.csv().categorical("region").read(currentCsv);
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.stop();
    }
  }

  @Test
  void profile_eightPartitionsMerged_equalsSingleMachineProfileWithinRankError() {
    Dataset<Row> data = DriftJob.readCsv(spark, referenceCsv).repartition(8);
    assertThat(data.javaRDD().getNumPartitions()).isEqualTo(8);

    ReferenceProfile merged = SparkProfiles.profile(data);
    ReferenceProfile single = ReferenceProfile.of(referenceFrame);

    assertThat(merged.rowCount()).isEqualTo(REFERENCE_ROWS).isEqualTo(single.rowCount());
    assertThat(merged.schema()).isEqualTo(single.schema());
    for (String name : NUMERIC) {
      NumericProfile m = (NumericProfile) merged.column(name).orElseThrow();
      NumericProfile s = (NumericProfile) single.column(name).orElseThrow();
      double[] sorted = ((NumericColumn) referenceFrame.column(name).orElseThrow()).finiteValues();
      Arrays.sort(sorted);
      // Counts, extremes and moments are exact (moments up to floating-point summation order).
      assertThat(m.count()).as(name).isEqualTo(s.count()).isEqualTo(sorted.length);
      assertThat(m.missingCount()).as(name).isEqualTo(s.missingCount());
      assertThat(m.min().getAsDouble()).as(name).isEqualTo(sorted[0]);
      assertThat(m.max().getAsDouble()).as(name).isEqualTo(sorted[sorted.length - 1]);
      assertThat(m.mean().getAsDouble()).as(name)
          .isCloseTo(s.mean().getAsDouble(), within(1e-9 * Math.abs(s.mean().getAsDouble())));
      assertThat(m.variance().getAsDouble()).as(name)
          .isCloseTo(s.variance().getAsDouble(), within(1e-9 * s.variance().getAsDouble()));
      // The sketch: k = 200 on both sides, and DataSketches' normalized rank error for it (about 1.33%).
      assertThat(m.sketchK()).isEqualTo(200);
      double eps = m.rankError();
      assertThat(eps).isEqualTo(s.rankError()).isBetween(0.01, 0.02);
      // Every merged quantile lies within eps of its rank in the exact data (ties: anywhere in the tie's span).
      for (int i = 1; i < 100; i++) {
        double q = i / 100.0;
        double x = m.quantile(q);
        double below = (double) countBelow(sorted, x) / sorted.length;
        double atOrBelow = (double) countAtOrBelow(sorted, x) / sorted.length;
        assertThat(q).as("%s: rank of the merged %.2f-quantile %s", name, q, x)
            .isBetween(below - eps, atOrBelow + eps);
      }
      // At the exact data's percentiles, the merged CDF is within eps of the truth and within 2 eps of
      // the single-machine sketch (each is within eps of the truth).
      for (int i = 1; i < 100; i++) {
        double x = sorted[(int) ((long) i * (sorted.length - 1) / 100)];
        double truth = (double) countAtOrBelow(sorted, x) / sorted.length;
        assertThat(m.cdf(x)).as("%s: merged cdf at %s", name, x).isCloseTo(truth, within(eps));
        assertThat(m.cdf(x)).as("%s: merged vs single cdf at %s", name, x).isCloseTo(s.cdf(x), within(2 * eps));
      }
    }
    CategoricalProfile m = (CategoricalProfile) merged.column("region").orElseThrow();
    CategoricalProfile s = (CategoricalProfile) single.column("region").orElseThrow();
    assertThat(m.exactCounts()).isPresent();
    assertThat(m.exactCounts()).isEqualTo(s.exactCounts());
    assertThat(m.exactCounts().orElseThrow().values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(REFERENCE_ROWS);
  }

  @Test
  void driftJob_knownShift_verdictsMatchSingleMachineReport() throws Exception {
    Path out = dir.resolve("out");
    DriftJob.Result result = DriftJob.run(DriftJob.readCsv(spark, referenceCsv).repartition(6),
        DriftJob.readCsv(spark, currentCsv).repartition(3), out);
    DriftReport single = DriftEngine.defaults().compare(ReferenceProfile.of(referenceFrame), currentFrame);
    DriftReport spark = result.report();

    assertThat(spark.referenceRows()).isEqualTo(REFERENCE_ROWS);
    assertThat(spark.currentRows()).isEqualTo(CURRENT_ROWS);
    assertThat(result.current().rowCount()).isEqualTo(CURRENT_ROWS);
    // The known shift: income and the region mix moved, age and tenure did not.
    assertThat(single.driftedColumnNames()).containsExactly("income", "region");
    assertThat(spark.driftedColumnNames()).isEqualTo(single.driftedColumnNames());
    assertThat(spark.datasetDrift()).isEqualTo(single.datasetDrift());
    assertThat(spark.columns()).hasSameSizeAs(single.columns());
    for (ColumnDrift c : single.columns()) {
      ColumnDrift s = spark.column(c.name());
      assertThat(s.status()).as(c.name()).isEqualTo(c.status());
      assertThat(s.method()).as(c.name()).isEqualTo(c.method());
      assertThat(s.drifted()).as(c.name()).isEqualTo(c.drifted());
      assertThat(s.referenceCount()).as(c.name()).isEqualTo(c.referenceCount());
      assertThat(s.currentCount()).as(c.name()).isEqualTo(c.currentCount());
      // Each side's score is within its own sketch bound of the exact one, so they differ by at most both bounds.
      double bounds = s.approximation().map(a -> a.bound()).orElse(0.0)
          + c.approximation().map(a -> a.bound()).orElse(0.0);
      assertThat(s.score().getAsDouble()).as(c.name()).isCloseTo(c.score().getAsDouble(), within(bounds + 1e-12));
    }

    String html = Files.readString(result.html());
    assertThat(html).contains("<html").contains("income").contains("region");
    ReferenceProfile stored = ReferenceProfile.fromJson(Files.readString(out.resolve("reference-profile.json")));
    assertThat(stored.rowCount()).isEqualTo(REFERENCE_ROWS);
    assertThat(stored.schema()).isEqualTo(result.reference().schema());
  }

  @Test
  void profile_unsupportedColumnType_failsNamingTheColumn() {
    Dataset<Row> withDate = spark.sql("SELECT 1.5 AS x, current_date() AS day");
    assertThatThrownBy(() -> SparkProfiles.profile(withDate))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("day")
        .hasMessageContaining("cast or drop");
  }

  @Test
  void profile_noRow_failsClearly() {
    Dataset<Row> empty = DriftJob.readCsv(spark, referenceCsv).limit(0);
    assertThatThrownBy(() -> SparkProfiles.profile(empty))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("no row");
  }

  private static int countBelow(double[] sorted, double x) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static int countAtOrBelow(double[] sorted, double x) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] <= x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
