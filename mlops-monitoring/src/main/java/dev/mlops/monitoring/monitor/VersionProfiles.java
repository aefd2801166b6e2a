package dev.mlops.monitoring.monitor;

import dev.mlops.core.NotFoundException;
import dev.mlops.core.artifact.VersionId;
import dev.mlops.core.model.Prediction;
import dev.mlops.core.model.Schema;
import dev.mlops.core.model.TabularPredictor;
import dev.mlops.monitoring.frame.Column;
import dev.mlops.monitoring.frame.Frame;
import dev.mlops.monitoring.frame.NumericColumn;
import dev.mlops.monitoring.profile.ProfileFormatException;
import dev.mlops.monitoring.profile.ReferenceProfile;
import dev.mlops.registry.LineageData;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Registration;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The reference profiles of a model version: the profile of its training inputs, which each monitoring
 * window's inputs are compared with, and the profile of its predictions on them, which each window's
 * predictions are compared with ({@link PredictionMonitor.Builder#reference}, {@link
 * PredictionMonitor.Builder#outputReference}).
 *
 * <pre>{@code
 * // where the model is trained: store the profiles inside the version
 * registry.register(VersionProfiles.attach(Registration.model("fraud", model), trainingInputs, predictedLabels)
 *     .dataset(trainingData.manifestDigest()).build());
 *
 * // where it is served or scored
 * ModelVersion champion = registry.get("fraud@champion");
 * try (TabularPredictor predictor = registry.load(champion.id().toString())) {
 *   VersionProfiles reference = VersionProfiles.of(registry, champion, predictor);
 *   PredictionMonitor.builder(champion.id().toString())
 *       .reference(reference.inputs()).outputReference(reference.outputs()) // ...
 * }
 * }</pre>
 *
 * <p><b>Stored with the version.</b> The production way: the profiles are computed once, when the model is
 * trained, and registered inside the model version as two more files of its manifest ({@value
 * #INPUT_PROFILE}, {@value #OUTPUT_PROFILE}; see {@link #attach}). They are then covered by the version's
 * digest, read verified like the model, cost nothing at start-up, and stay right even if the training data
 * set is later archived or garbage-collected.
 *
 * <p><b>From lineage.</b> A version registered without them (by an older pipeline, say) still works: the
 * profiles are rebuilt from the training data set version its lineage names, read verified from the
 * registry by digest ({@link LineageData#trainingRows}), and the model's predictions on those rows. That
 * costs a pass over the training data on every call, so {@link #source()} says which way was taken.
 *
 * <p>Immutable and thread-safe; the static methods keep no state and may be called concurrently.
 *
 * @param inputs the profile of the training inputs (the model's features)
 * @param outputs the profile of the model's predictions on them (one column, {@value
 *     PredictionMonitor#PREDICTION_COLUMN})
 * @param source where they came from
 */
public record VersionProfiles(ReferenceProfile inputs, ReferenceProfile outputs, Source source) {
  /** The file of a model version holding its input reference profile. */
  public static final String INPUT_PROFILE = "reference-profile.json";
  /** The file of a model version holding its output reference profile. */
  public static final String OUTPUT_PROFILE = "output-profile.json";

  /**
   * Validates.
   *
   * @param inputs the input profile
   * @param outputs the output profile
   * @param source where they came from
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the output profile has no {@value PredictionMonitor#PREDICTION_COLUMN}
   *     column
   */
  public VersionProfiles {
    Objects.requireNonNull(inputs, "inputs");
    Objects.requireNonNull(outputs, "outputs");
    Objects.requireNonNull(source, "source");
    if (outputs.column(PredictionMonitor.PREDICTION_COLUMN).isEmpty()) {
      throw new IllegalArgumentException("an output profile has a column named '"
          + PredictionMonitor.PREDICTION_COLUMN + "'; build it with PredictionMonitor.outputProfile(predictions)");
    }
  }

  /** How a version's profiles were obtained. */
  public enum Kind {
    /** Read from the two files stored in the model version. */
    STORED,
    /** Rebuilt from the training data set of the version's lineage: the version stores no profiles. */
    LINEAGE,
    /**
     * Rebuilt from the training data set of the version's lineage although the version stores profiles:
     * this JVM cannot read profile JSON ({@link ReferenceProfile#jsonSupported()}).
     */
    LINEAGE_JSON_UNSUPPORTED
  }

  /**
   * Where a version's profiles came from: a kind a program can branch on, and the version that was read.
   * {@link #toString()} says it in words ({@code stored with fraud/7}, {@code lineage data set fraud-data/3}).
   *
   * <p>Immutable and thread-safe.
   *
   * @param kind stored, or rebuilt from lineage (and why)
   * @param version the version read: the model version holding the files ({@link Kind#STORED}), else the
   *     training data set version
   */
  public record Source(Kind kind, VersionId version) {
    /**
     * Validates.
     *
     * @param kind the kind
     * @param version the version read
     * @throws NullPointerException if an argument is null
     */
    public Source {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(version, "version");
    }

    /**
     * Tells whether the profiles were rebuilt from the training data (a pass over it per call).
     *
     * @return true unless they were stored with the version
     */
    public boolean rebuilt() {
      return kind != Kind.STORED;
    }

    /**
     * Says where the profiles came from, for logs and run summaries.
     *
     * @return {@code stored with <version>}, or {@code lineage data set <version>} (with the reason when the
     *     version stores profiles this JVM cannot read)
     */
    @Override
    public String toString() {
      return switch (kind) {
        case STORED -> "stored with " + version;
        case LINEAGE -> "lineage data set " + version;
        case LINEAGE_JSON_UNSUPPORTED -> "lineage data set " + version
            + " (the stored profiles need profile JSON, which this JDK lacks)";
      };
    }
  }

  /**
   * Finds a version's reference profiles: the ones stored with it, else (none stored, or a JVM where profile
   * JSON does not work) rebuilt from its lineage's training data set and the predictor's predictions on it.
   *
   * @param registry the registry holding the version (and its training data set)
   * @param version the model version
   * @param predictor the version's predictor (used only when rebuilding from lineage)
   * @return the profiles
   * @throws NullPointerException if an argument is null
   * @throws NotFoundException if the version stores no profiles and its lineage names no training data set
   *     of this registry
   * @throws dev.mlops.core.InvalidInputException if the lineage data set lacks a feature or holds a value
   *     that is not a finite number
   * @throws ProfileFormatException if a stored profile file is not a profile
   * @throws UncheckedIOException if a stored profile file cannot be read
   */
  public static VersionProfiles of(ModelRegistry registry, ModelVersion version, TabularPredictor predictor) {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(predictor, "predictor");
    return readable(version) ? stored(registry, version) : rebuilt(registry, version, predictor);
  }

  /**
   * Finds a version's reference profiles as {@link #of(ModelRegistry, ModelVersion, TabularPredictor)} does,
   * loading the version's predictor (and closing it again) only when they must be rebuilt from lineage: for
   * callers that do not hold the predictor already, such as a service whose champion has just moved.
   *
   * @param registry the registry holding the version (and its training data set)
   * @param version the model version
   * @return the profiles
   * @throws NullPointerException if an argument is null
   * @throws NotFoundException if the version stores no profiles and its lineage names no training data set
   *     of this registry
   * @throws dev.mlops.core.InvalidInputException if the lineage data set lacks a feature or holds a value
   *     that is not a finite number
   * @throws ProfileFormatException if a stored profile file is not a profile
   * @throws UncheckedIOException if a stored profile file cannot be read
   * @throws dev.mlops.core.MlopsException if the version's model cannot be loaded for a rebuild
   */
  public static VersionProfiles of(ModelRegistry registry, ModelVersion version) {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(version, "version");
    if (readable(version)) {
      return stored(registry, version);
    }
    try (TabularPredictor predictor = registry.load(version.id().toString())) {
      return rebuilt(registry, version, predictor);
    }
  }

  private static boolean stores(ModelVersion version) {
    return version.manifest().file(INPUT_PROFILE).isPresent() && version.manifest().file(OUTPUT_PROFILE).isPresent();
  }

  private static boolean readable(ModelVersion version) {
    return stores(version) && ReferenceProfile.jsonSupported();
  }

  private static VersionProfiles stored(ModelRegistry registry, ModelVersion version) {
    return new VersionProfiles(read(registry, version, INPUT_PROFILE), read(registry, version, OUTPUT_PROFILE),
        new Source(Kind.STORED, version.id()));
  }

  private static VersionProfiles rebuilt(ModelRegistry registry, ModelVersion version, TabularPredictor predictor) {
    boolean stored = stores(version);
    ModelVersion data = LineageData.trainingDataset(registry, version);
    Schema schema = predictor.schema();
    List<double[]> rows = LineageData.trainingRows(registry, version, schema);
    List<Prediction> predictions = predictor.predictRows(rows);
    return new VersionProfiles(ReferenceProfile.of(frame(schema.names(), rows)),
        PredictionMonitor.outputProfile(predictions),
        new Source(stored ? Kind.LINEAGE_JSON_UNSUPPORTED : Kind.LINEAGE, data.id()));
  }

  /**
   * Adds the two profile files to a model registration: call it where the model is trained, with the
   * training rows and the trained model's predictions on them. On a JVM where profile JSON does not work
   * ({@link ReferenceProfile#jsonSupported()}) it adds nothing, and {@link #of} rebuilds the profiles from the
   * lineage's training data set (so also name that data set in the registration's lineage).
   *
   * @param registration the model's registration
   * @param trainingInputs the training rows' features (only the model's input columns)
   * @param predictedLabels the trained model's predicted label for each training row, in row order
   * @return the registration
   * @throws NullPointerException if an argument or a label is null
   * @throws IllegalArgumentException if the counts differ, or there are no rows
   */
  public static Registration.Builder attach(Registration.Builder registration, Frame trainingInputs,
      String[] predictedLabels) {
    Objects.requireNonNull(registration, "registration");
    Objects.requireNonNull(trainingInputs, "trainingInputs");
    Objects.requireNonNull(predictedLabels, "predictedLabels");
    if (trainingInputs.rowCount() != predictedLabels.length) {
      throw new IllegalArgumentException(trainingInputs.rowCount() + " training rows but " + predictedLabels.length
          + " predictions; pass the model's prediction for each training row");
    }
    if (predictedLabels.length == 0) {
      throw new IllegalArgumentException("no training rows; profiles describe the data a model was trained on");
    }
    if (!ReferenceProfile.jsonSupported()) {
      return registration; // of(...) rebuilds the profiles from the lineage's training data instead
    }
    List<Prediction> predictions = new ArrayList<>(predictedLabels.length);
    for (String label : predictedLabels) {
      predictions.add(new Prediction.Classification(label, Map.of()));
    }
    ReferenceProfile outputs = PredictionMonitor.outputProfile(predictions);
    return registration
        .file(INPUT_PROFILE, ReferenceProfile.of(trainingInputs).toJson().getBytes(StandardCharsets.UTF_8))
        .file(OUTPUT_PROFILE, outputs.toJson().getBytes(StandardCharsets.UTF_8));
  }

  /** A frame of numeric columns from rows in the names' order. */
  private static Frame frame(List<String> names, List<double[]> rows) {
    List<Column> columns = new ArrayList<>(names.size());
    for (int c = 0; c < names.size(); c++) {
      double[] values = new double[rows.size()];
      for (int r = 0; r < values.length; r++) {
        values[r] = rows.get(r)[c];
      }
      columns.add(new NumericColumn(names.get(c), values));
    }
    return Frame.of(columns);
  }

  private static ReferenceProfile read(ModelRegistry registry, ModelVersion version, String path) {
    try (InputStream in = registry.openFile(version.id().toString(), path)) {
      return ReferenceProfile.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read " + path + " of " + version.id(), e);
    }
  }
}
