package dev.mlops.examples.batch;

import dev.mlops.core.InvalidInputException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one run of the {@link BatchJob} does, read from {@code --key=value} arguments.
 *
 * <pre>{@code
 * BatchJobConfig config = BatchJobConfig.parse(new String[] {
 *     "--registry=/var/lib/models", "--model=breast-cancer-classifier",
 *     "--input=/data/incoming/2026-11-23.csv", "--labelled=/data/labelled/2026-11-22.csv",
 *     "--output=/data/scored/2026-11-23"});
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param registry the registry: a directory (file-system stores) or a store URI ({@code file:}, {@code mem:},
 *     {@code jdbc:postgresql://...} for metadata and runs)
 * @param blobStore a separate blob store URI ({@code s3://bucket/prefix}), when the registry URI names the
 *     metadata store only
 * @param model the model name; the job scores with {@code <model>@champion}
 * @param input the incoming rows (CSV with a header; every feature of the model's schema is a column, other
 *     columns are passed through to the scored file); empty with {@code seedDemo} for the shipped sample
 * @param labelled recently labelled rows (the features and the label column) for retraining and the gate's
 *     holdout; without it the job never retrains
 * @param label the label column of the labelled rows
 * @param output the directory the run's files are written to (created if needed)
 * @param batchSize rows per {@code predictBatch} call
 * @param windowRows rows per monitoring window (drift and alert rules are evaluated per window)
 * @param sustainedDriftWindows consecutive drifting windows that make the retraining policy retrain
 * @param coolDown how long after a candidate was registered the job does not retrain again
 * @param maxRejectedShare the largest share of rows that may be rejected (a missing feature value) before the
 *     run fails
 * @param holdoutShare the share of the labelled rows kept out of training as the gate's holdout
 * @param seed the seed of the holdout split and of training
 * @param gateSuite the {@code @ModelTest} suite class run as the promotion gate
 * @param seedDemo whether to register the demo champion first when the registry has no {@code @champion}
 */
public record BatchJobConfig(String registry, Optional<String> blobStore, String model, Optional<Path> input,
    Optional<Path> labelled, String label, Path output, int batchSize, int windowRows, int sustainedDriftWindows,
    Duration coolDown, double maxRejectedShare, double holdoutShare, long seed, String gateSuite,
    boolean seedDemo) {

  /** The default model name: the breast-cancer classifier of the demo and the quickstart. */
  public static final String DEFAULT_MODEL = "breast-cancer-classifier";

  /** The usage text printed by {@code --help} and on a bad argument. */
  public static final String USAGE = String.join("\n",
      "usage: BatchJob [--key=value ...]",
      "  --registry=DIR|URI          registry: a directory, file:/..., jdbc:postgresql://... (default mlops-data)",
      "  --blob-store=URI            separate blob store, e.g. s3://bucket/models (with a jdbc: registry)",
      "  --model=NAME                model to score with NAME@champion (default " + DEFAULT_MODEL + ")",
      "  --input=CSV                 incoming rows (required unless --seed-demo)",
      "  --labelled=CSV              labelled rows for retraining and the gate's holdout (optional)",
      "  --label=COLUMN              label column of the labelled rows (default diagnosis)",
      "  --output=DIR                where the run's files go (default batch-output)",
      "  --batch-size=N              rows per predictBatch call (default 256)",
      "  --window-rows=N             rows per monitoring window (default 50)",
      "  --sustained-drift-windows=N drifting windows in a row that trigger retraining (default 2)",
      "  --cool-down=PT12H           no retraining this long after the last candidate (ISO-8601, default PT12H)",
      "  --max-rejected-share=X      fail when more rows than this share lack a feature (default 0.3)",
      "  --holdout-share=X           labelled rows kept for the gate (default 0.4)",
      "  --seed=N                    seed of the split and the training (default 42)",
      "  --gate-suite=CLASS          @ModelTest suite run as the promotion gate (default "
          + BreastCancerGateSuite.class.getName() + ")",
      "  --seed-demo                 register the demo champion when the registry has none; use the sample data");

  /**
   * Validates.
   *
   * @param registry the registry
   * @param blobStore the separate blob store, if any
   * @param model the model name
   * @param input the incoming rows, if given
   * @param labelled the labelled rows, if any
   * @param label the label column
   * @param output the output directory
   * @param batchSize rows per batch
   * @param windowRows rows per window
   * @param sustainedDriftWindows windows that trigger
   * @param coolDown the cool-down
   * @param maxRejectedShare the rejected share allowed
   * @param holdoutShare the holdout share
   * @param seed the seed
   * @param gateSuite the suite class name
   * @param seedDemo whether to seed the demo
   * @throws NullPointerException if an argument is null
   * @throws InvalidInputException if a number is out of range, or no input is given without the demo
   */
  public BatchJobConfig {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(blobStore, "blobStore");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(labelled, "labelled");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(coolDown, "coolDown");
    Objects.requireNonNull(gateSuite, "gateSuite");
    requireAtLeast("batch-size", batchSize, 1);
    requireAtLeast("window-rows", windowRows, 2);
    requireAtLeast("sustained-drift-windows", sustainedDriftWindows, 1);
    if (coolDown.isNegative()) {
      throw new InvalidInputException("cool-down", "A cool-down is zero or positive; got " + coolDown + ".");
    }
    if (!(maxRejectedShare >= 0 && maxRejectedShare <= 1)) {
      throw new InvalidInputException("max-rejected-share", "Give a share in [0, 1]; got " + maxRejectedShare + ".");
    }
    if (!(holdoutShare > 0 && holdoutShare < 1)) {
      throw new InvalidInputException("holdout-share", "Give a share strictly between 0 and 1; got " + holdoutShare
          + ".");
    }
    if (input.isEmpty() && !seedDemo) {
      throw new InvalidInputException("input", "Name the incoming rows with --input=FILE.csv (or run the demo with "
          + "--seed-demo).");
    }
  }

  /**
   * Reads the arguments of {@code main}.
   *
   * @param args {@code --key=value} arguments (and the flag {@code --seed-demo})
   * @return the configuration
   * @throws InvalidInputException if an argument is unknown, repeated or malformed; the field is the key
   */
  public static BatchJobConfig parse(String[] args) {
    Map<String, String> given = new LinkedHashMap<>();
    for (String arg : args) {
      if (arg.isBlank()) {
        continue;
      }
      if (!arg.startsWith("--")) {
        throw new InvalidInputException("arguments", "Arguments are --key=value; got '" + arg + "'.\n" + USAGE);
      }
      int eq = arg.indexOf('=');
      String key = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
      String value = eq < 0 ? "true" : arg.substring(eq + 1);
      if (given.put(key, value) != null) {
        throw new InvalidInputException(key, "--" + key + " is given twice.");
      }
    }
    Args a = new Args(given);
    String registry = a.text("registry", "mlops-data");
    Optional<String> blobStore = a.optional("blob-store");
    String model = a.text("model", DEFAULT_MODEL);
    Optional<Path> input = a.optional("input").map(Path::of);
    Optional<Path> labelled = a.optional("labelled").map(Path::of);
    String label = a.text("label", "diagnosis");
    Path output = Path.of(a.text("output", "batch-output"));
    int batchSize = a.integer("batch-size", 256);
    int windowRows = a.integer("window-rows", 50);
    int sustained = a.integer("sustained-drift-windows", 2);
    Duration coolDown = a.duration("cool-down", Duration.ofHours(12));
    double maxRejected = a.decimal("max-rejected-share", 0.3);
    double holdout = a.decimal("holdout-share", 0.4);
    long seed = a.integer("seed", 42);
    String gateSuite = a.text("gate-suite", BreastCancerGateSuite.class.getName());
    boolean seedDemo = Boolean.parseBoolean(a.text("seed-demo", "false"));
    if (!a.unused().isEmpty()) {
      throw new InvalidInputException(a.unused().keySet().iterator().next(), "Unknown argument(s) "
          + a.unused().keySet() + ".\n" + USAGE);
    }
    BatchJobConfig config = new BatchJobConfig(registry, blobStore, model, input, labelled, label, output, batchSize,
        windowRows, sustained, coolDown, maxRejected, holdout, seed, gateSuite, seedDemo);
    return config;
  }

  private static void requireAtLeast(String key, long value, long min) {
    if (value < min) {
      throw new InvalidInputException(key, "--" + key + " must be at least " + min + "; got " + value + ".");
    }
  }

  /** The arguments not read yet. */
  private static final class Args {
    private final Map<String, String> left;

    Args(Map<String, String> given) {
      this.left = new LinkedHashMap<>(given);
    }

    Map<String, String> unused() {
      return left;
    }

    Optional<String> optional(String key) {
      String v = left.remove(key);
      if (v != null && (v.isBlank() || v.equals("true"))) {
        throw new InvalidInputException(key, "--" + key + " needs a value: --" + key + "=...");
      }
      return Optional.ofNullable(v);
    }

    String text(String key, String fallback) {
      String v = left.remove(key);
      return v == null ? fallback : v;
    }

    int integer(String key, int fallback) {
      String v = left.remove(key);
      try {
        return v == null ? fallback : Integer.parseInt(v.strip());
      } catch (NumberFormatException e) {
        throw new InvalidInputException(key, "--" + key + " takes a whole number.");
      }
    }

    double decimal(String key, double fallback) {
      String v = left.remove(key);
      try {
        return v == null ? fallback : Double.parseDouble(v.strip());
      } catch (NumberFormatException e) {
        throw new InvalidInputException(key, "--" + key + " takes a number such as 0.25.");
      }
    }

    Duration duration(String key, Duration fallback) {
      String v = left.remove(key);
      try {
        return v == null ? fallback : Duration.parse(v.strip());
      } catch (DateTimeParseException e) {
        throw new InvalidInputException(key, "--" + key + " takes an ISO-8601 duration such as PT12H.");
      }
    }
  }
}
