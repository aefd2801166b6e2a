package dev.mlops.examples.batch;

import dev.mlops.core.NotFoundException;
import dev.mlops.core.model.Prediction;
import dev.mlops.core.model.Schema;
import dev.mlops.core.model.TabularPredictor;
import dev.mlops.monitoring.frame.CategoricalColumn;
import dev.mlops.monitoring.frame.Column;
import dev.mlops.monitoring.frame.Frame;
import dev.mlops.monitoring.frame.NumericColumn;
import dev.mlops.monitoring.monitor.PredictionMonitor;
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
import java.util.Objects;

/**
 * What a batch is compared with: the profile of the model's training inputs and of its predictions on
 * them.
 *
 * <p><b>Stored with the version.</b> The production way: the profiles are computed once, when the model is
 * trained, and registered inside the model version as two more files of its manifest
 * ({@value #INPUT_PROFILE}, {@value #OUTPUT_PROFILE}; see {@link #attach}). They are then covered by the
 * version's digest, read verified like the model, cost nothing per run, and stay right even if the training
 * data set is later archived or garbage-collected.
 *
 * <p><b>From lineage.</b> A version registered without them (by an older pipeline, say) still works: the
 * profiles are rebuilt from the training data set version its lineage names, read verified from the
 * registry by digest ({@link LineageData#trainingRows}), and the model's predictions on those rows. That
 * costs a pass over the training data on every run, so {@link #source()} says which way was taken and the
 * run summary reports it.
 *
 * <p>Immutable and thread-safe.
 *
 * @param inputs the profile of the training inputs (the model's features)
 * @param outputs the profile of the model's predictions on them (one column, {@code prediction})
 * @param source where they came from: {@code stored with <version>} or {@code lineage data set <version>}
 */
public record ReferenceData(ReferenceProfile inputs, ReferenceProfile outputs, String source) {
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
   */
  public ReferenceData {
    Objects.requireNonNull(inputs, "inputs");
    Objects.requireNonNull(outputs, "outputs");
    Objects.requireNonNull(source, "source");
  }

  /**
   * Finds a version's reference: the profiles stored with it, else (none stored, or a JDK where profile
   * JSON does not work) rebuilt from its lineage.
   *
   * @param registry the registry
   * @param version the model version
   * @param predictor the version's predictor (used only when rebuilding from lineage)
   * @return the reference
   * @throws NotFoundException if neither the files nor a training data set in the lineage exist
   * @throws dev.mlops.core.InvalidInputException if the lineage data set lacks a feature or holds a value
   *     that is not a finite number
   */
  public static ReferenceData of(ModelRegistry registry, ModelVersion version, TabularPredictor predictor) {
    boolean stored = version.manifest().file(INPUT_PROFILE).isPresent()
        && version.manifest().file(OUTPUT_PROFILE).isPresent();
    if (stored && ReferenceProfile.jsonSupported()) {
      return new ReferenceData(read(registry, version, INPUT_PROFILE), read(registry, version, OUTPUT_PROFILE),
          "stored with " + version.id());
    }
    ModelVersion data = LineageData.trainingDataset(registry, version);
    Schema schema = predictor.schema();
    List<double[]> rows = LineageData.trainingRows(registry, version, schema);
    List<Prediction> predictions = predictor.predictRows(rows);
    return new ReferenceData(ReferenceProfile.of(frame(schema.names(), rows)),
        PredictionMonitor.outputProfile(predictions), "lineage data set " + data.id()
            + (stored ? " (the stored profiles need profile JSON, which this JDK lacks)" : ""));
  }

  /**
   * Adds the two profile files to a model registration: call it where the model is trained. On a JDK
   * where profile JSON does not work ({@link ReferenceProfile#jsonSupported()}) it adds nothing, and
   * {@link #of} rebuilds the profiles from the lineage's training data.
   *
   * @param registration the model's registration
   * @param trainingInputs the training rows' features (only the model's input columns)
   * @param predictedLabels the trained model's predicted label for each training row, in row order
   * @return the registration
   * @throws IllegalArgumentException if the counts differ
   */
  public static Registration.Builder attach(Registration.Builder registration, Frame trainingInputs,
      String[] predictedLabels) {
    if (trainingInputs.rowCount() != predictedLabels.length) {
      throw new IllegalArgumentException(trainingInputs.rowCount() + " training rows but " + predictedLabels.length
          + " predictions");
    }
    if (!ReferenceProfile.jsonSupported()) {
      return registration; // runs rebuild the profiles from the lineage's training data instead
    }
    ReferenceProfile outputs = ReferenceProfile.builder().parallelism(1)
        .build(Frame.of(new CategoricalColumn(PredictionMonitor.PREDICTION_COLUMN, predictedLabels)));
    return registration
        .file(INPUT_PROFILE, ReferenceProfile.of(trainingInputs).toJson().getBytes(StandardCharsets.UTF_8))
        .file(OUTPUT_PROFILE, outputs.toJson().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Builds a frame of numeric columns from rows in a schema's order.
   *
   * @param names the column names
   * @param rows the rows
   * @return the frame
   */
  static Frame frame(List<String> names, List<double[]> rows) {
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
