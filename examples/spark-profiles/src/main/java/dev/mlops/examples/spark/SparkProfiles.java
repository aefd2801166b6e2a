package dev.mlops.examples.spark;

import dev.mlops.core.InvalidInputException;
import dev.mlops.monitoring.frame.CategoricalColumn;
import dev.mlops.monitoring.frame.Column;
import dev.mlops.monitoring.frame.Frame;
import dev.mlops.monitoring.frame.NumericColumn;
import dev.mlops.monitoring.profile.ReferenceProfile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;

/**
 * Profiles a Spark {@link Dataset} the way a cluster does it: one {@link ReferenceProfile} per
 * partition, built on the executor that holds the partition, then merged pairwise in a tree
 * ({@code treeReduce}) into the profile of the whole data set.
 *
 * <pre>{@code
 * Dataset<Row> training = spark.read().option("header", true).option("inferSchema", true).csv(path);
 * ReferenceProfile reference = SparkProfiles.profile(training);
 * Files.writeString(Path.of("reference-profile.json"), reference.toJson());
 * }</pre>
 *
 * <p>Profiles travel between executors and the driver as their JSON text ({@link
 * ReferenceProfile#toJson()}): the sketches inside are DataSketches' binary forms in base64, so a
 * merged profile is the same as if the partitions had been merged in one process. Numeric and
 * boolean Spark columns become numeric columns (null is missing), string columns categorical ones;
 * other types are rejected (cast or drop them first).
 *
 * <p>Stateless and thread-safe (static methods only).
 */
public final class SparkProfiles {
  private SparkProfiles() {}

  /**
   * Profiles a data set with the library's default settings (KLL k = 200, exact samples up to
   * 4096 values per column).
   *
   * @param data the data set
   * @return the merged profile of every partition
   * @throws InvalidInputException if a column has a type other than numeric, boolean or string, or
   *     the data set has no row
   */
  public static ReferenceProfile profile(Dataset<Row> data) {
    return profile(data, ReferenceProfile.DEFAULT_K, ReferenceProfile.DEFAULT_EXACT_SAMPLE_LIMIT);
  }

  /**
   * Profiles a data set: one profile per partition, merged.
   *
   * @param data the data set
   * @param sketchK the KLL parameter k of numeric columns
   * @param exactSampleLimit the largest numeric column whose exact sorted sample is kept
   * @return the merged profile of every partition
   * @throws NullPointerException if data is null
   * @throws InvalidInputException if a column has a type other than numeric, boolean or string, or
   *     the data set has no row
   */
  public static ReferenceProfile profile(Dataset<Row> data, int sketchK, int exactSampleLimit) {
    Objects.requireNonNull(data, "data");
    String[] names = data.columns();
    boolean[] numeric = numericColumns(data);
    // Only serializable values (arrays, ints) are captured: the function is shipped to executors.
    JavaRDD<String> partitionProfiles = data.javaRDD().mapPartitions(rows -> {
      Frame frame = toFrame(rows, names, numeric);
      if (frame.rowCount() == 0) {
        return Collections.emptyIterator();
      }
      ReferenceProfile p = ReferenceProfile.builder().sketchK(sketchK).exactSampleLimit(exactSampleLimit)
          .parallelism(1).build(frame);
      return List.of(p.toJson()).iterator();
    });
    if (partitionProfiles.isEmpty()) {
      throw new InvalidInputException("data", "the data set has no row; profile a non-empty data set");
    }
    String merged = partitionProfiles.treeReduce(SparkProfiles::mergeJson);
    return ReferenceProfile.fromJson(merged);
  }

  /**
   * Collects a data set to the driver as a {@link Frame}, partition by partition (use it for data
   * that fits in the driver's memory, such as a current window compared with a reference profile).
   *
   * @param data the data set
   * @return the frame, rows in the data set's order
   * @throws NullPointerException if data is null
   * @throws InvalidInputException if a column has a type other than numeric, boolean or string
   */
  public static Frame collect(Dataset<Row> data) {
    Objects.requireNonNull(data, "data");
    return toFrame(data.toLocalIterator(), data.columns(), numericColumns(data));
  }

  static String mergeJson(String a, String b) {
    return ReferenceProfile.fromJson(a).merge(ReferenceProfile.fromJson(b)).toJson();
  }

  private static boolean[] numericColumns(Dataset<Row> data) {
    StructField[] fields = data.schema().fields();
    boolean[] numeric = new boolean[fields.length];
    for (int i = 0; i < fields.length; i++) {
      DataType t = fields[i].dataType();
      if (t instanceof NumericType || t instanceof BooleanType) {
        numeric[i] = true;
      } else if (!(t instanceof StringType)) {
        throw new InvalidInputException(fields[i].name(), "column " + fields[i].name()
            + ": Spark type " + t.simpleString()
            + " is neither numeric, boolean nor string; cast or drop the column before profiling");
      }
    }
    return numeric;
  }

  static Frame toFrame(Iterator<Row> rows, String[] names, boolean[] numeric) {
    int n = names.length;
    double[][] nums = new double[n][];
    List<List<String>> labels = new ArrayList<>(n);
    for (int c = 0; c < n; c++) {
      nums[c] = numeric[c] ? new double[1024] : null;
      labels.add(numeric[c] ? null : new ArrayList<>());
    }
    int size = 0;
    while (rows.hasNext()) {
      Row row = rows.next();
      for (int c = 0; c < n; c++) {
        if (numeric[c]) {
          if (size == nums[c].length) {
            nums[c] = Arrays.copyOf(nums[c], size * 2);
          }
          nums[c][size] = row.isNullAt(c) ? Double.NaN : number(row.get(c));
        } else {
          labels.get(c).add(row.isNullAt(c) ? null : row.getString(c));
        }
      }
      size++;
    }
    List<Column> columns = new ArrayList<>(n);
    for (int c = 0; c < n; c++) {
      columns.add(numeric[c] ? new NumericColumn(names[c], Arrays.copyOf(nums[c], size))
          : new CategoricalColumn(names[c], labels.get(c).toArray(new String[0])));
    }
    return Frame.of(columns);
  }

  private static double number(Object v) {
    return v instanceof Boolean b ? (b ? 1.0 : 0.0) : ((Number) v).doubleValue();
  }
}
