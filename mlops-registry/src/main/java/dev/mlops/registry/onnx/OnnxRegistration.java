package dev.mlops.registry.onnx;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.artifact.ArtifactFormat;
import dev.mlops.core.model.ModelSignature;
import dev.mlops.core.model.OutputKind;
import dev.mlops.core.model.Prediction;
import dev.mlops.core.model.Schema;
import dev.mlops.core.onnx.OnnxOptions;
import dev.mlops.core.onnx.OnnxPredictor;
import dev.mlops.core.onnx.OnnxPredictorLoader;
import dev.mlops.core.onnx.TribuoOnnx;
import dev.mlops.core.tribuo.TribuoModels;
import dev.mlops.core.tribuo.TribuoPredictor;
import dev.mlops.registry.Registration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.Model;

/**
 * Registrations of ONNX models. The registry checks every ONNX registration before recording it (the
 * graph loads in ONNX Runtime, and its inputs and outputs match the signature given); a mismatch is an
 * {@link InvalidInputException} at {@code register}, and nothing is recorded.
 *
 * <pre>{@code
 * // a model trained in Python and exported with skl2onnx (one input [rows, 4], ZipMap probabilities)
 * ModelSignature sig = new ModelSignature(
 *     Schema.numeric(List.of("sepal_length", "sepal_width", "petal_length", "petal_width")),
 *     OutputSpec.classification(List.of("setosa", "versicolor", "virginica")));
 * registry.register(OnnxRegistration.file("iris", Path.of("iris.onnx"), sig).build());
 *
 * // a Tribuo model and its ONNX export under one version, checked to agree on the test rows
 * ModelVersion v = registry.register(OnnxRegistration.tribuo("fraud", model, testRows).build());
 * registry.load("fraud/" + v.version());                                   // served by ONNX Runtime
 * registry.load("fraud/" + v.version(), ArtifactFormat.TRIBUO_PROTOBUF);   // the Tribuo original
 * }</pre>
 *
 * <p>Stateless and thread-safe; the builders returned are not.
 */
public final class OnnxRegistration {
  /** The file name of the ONNX form of a Tribuo model. */
  public static final String ONNX_FILE = "model.onnx";
  /** The default agreement tolerance: ONNX computes in float. */
  public static final double DEFAULT_TOLERANCE = 1e-5;

  private OnnxRegistration() {}

  /**
   * Registers an ONNX file as a model version of format {@code onnx}, stored under its file name.
   *
   * @param name the model name
   * @param file the {@code .onnx} file
   * @param signature the features in the graph's column order (or named like its per-feature inputs),
   *     and the output: labels in the order of the scores' columns, or regression dimensions
   * @return the builder; the registry checks the graph against the signature at {@code register}
   * @throws InvalidInputException if the name is invalid or the file is missing or empty
   */
  public static Registration.Builder file(String name, Path file, ModelSignature signature) {
    Objects.requireNonNull(signature, "signature");
    return Registration.file(name, file, ArtifactFormat.ONNX).signature(signature);
  }

  /**
   * Exports a Tribuo model to ONNX and registers both forms under one version of format {@code onnx}
   * ({@value #ONNX_FILE} beside Tribuo's {@code model.tribuo.pb}), after checking that they agree on
   * the rows given: the same labels (except where the original's top scores tie within the tolerance)
   * and every score within {@link #DEFAULT_TOLERANCE} of the original's ({@code max(1, |score|)} times
   * that for scores that are not probabilities).
   *
   * @param name the model name
   * @param model the Tribuo model (see {@link TribuoOnnx} for which ones export)
   * @param rows rows in the model's signature order ({@code TribuoModels.signatureOf(model)}) to
   *     compare the two forms on, typically the test set
   * @return the builder, with the Tribuo metadata and the agreement recorded as metadata
   * @throws InvalidInputException if the model does not export, there are no rows, or the forms
   *     disagree on a row
   */
  public static Registration.Builder tribuo(String name, Model<?> model, List<double[]> rows) {
    return tribuo(name, model, rows, DEFAULT_TOLERANCE);
  }

  /**
   * Like {@link #tribuo(String, Model, List)}, with the agreement tolerance given.
   *
   * @param name the model name
   * @param model the Tribuo model
   * @param rows rows in the model's signature order
   * @param tolerance the largest accepted difference of a score or a regression value, relative to
   *     {@code max(1, |original|)}: absolute for probabilities, relative for large margins
   * @return the builder
   * @throws InvalidInputException if the model does not export, there are no rows, or the forms
   *     disagree on a row
   */
  public static Registration.Builder tribuo(String name, Model<?> model, List<double[]> rows, double tolerance) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(rows, "rows");
    if (!(tolerance >= 0)) {
      throw new IllegalArgumentException("tolerance must be 0 or more: " + tolerance);
    }
    if (rows.isEmpty()) {
      throw new InvalidInputException("rows", "Give the rows (the test set, say) on which the ONNX export must agree with the Tribuo model.");
    }
    Registration.Builder b = Registration.model(name, model);
    byte[] onnx = TribuoOnnx.export(model);
    ModelSignature signature = TribuoModels.signatureOf(model);
    double worst;
    try (OnnxPredictor exported = OnnxPredictor.of(onnx, signature, OnnxOptions.defaults())) {
      worst = agreement(TribuoPredictor.of(model), exported, rows, tolerance);
    }
    return b.format(ArtifactFormat.ONNX)
        .file(ONNX_FILE, onnx)
        .metadata(OnnxPredictorLoader.FILE_KEY, ONNX_FILE)
        .metadata("onnx.exportedFrom", "tribuo")
        .metadata("onnx.agreement.rows", Integer.toString(rows.size()))
        .metadata("onnx.agreement.maxDifference", String.format(Locale.ROOT, "%.3g", worst));
  }

  /**
   * Converts Tribuo examples (a test set) to rows in a model's signature order; features the model does
   * not know are dropped and absent ones are 0, as Tribuo itself treats them.
   *
   * @param model the model
   * @param examples the examples, such as a Tribuo {@code Dataset}
   * @return one row per example
   */
  public static List<double[]> rows(Model<?> model, Iterable<? extends Example<?>> examples) {
    Schema schema = TribuoModels.signatureOf(model).inputs();
    Map<String, Integer> index = new java.util.HashMap<>();
    List<String> names = schema.names();
    for (int i = 0; i < names.size(); i++) {
      index.put(names.get(i), i);
    }
    List<double[]> rows = new ArrayList<>();
    for (Example<?> e : examples) {
      double[] row = new double[names.size()];
      for (Feature f : e) {
        Integer i = index.get(f.getName());
        if (i != null) {
          row[i] = f.getValue();
        }
      }
      rows.add(row);
    }
    return rows;
  }

  /** Compares the two forms on every row; returns the largest difference seen. */
  static double agreement(TribuoPredictor original, OnnxPredictor exported, List<double[]> rows, double tolerance) {
    List<Prediction> expected = original.predictRows(rows);
    List<Prediction> actual = exported.predictRows(rows);
    boolean classification = original.signature().output().kind() == OutputKind.CLASSIFICATION;
    double worst = 0;
    for (int i = 0; i < rows.size(); i++) {
      if (classification) {
        Prediction.Classification e = (Prediction.Classification) expected.get(i);
        Prediction.Classification a = (Prediction.Classification) actual.get(i);
        for (String label : original.signature().output().names()) {
          double d = Math.abs(e.score(label) - a.score(label)) / Math.max(1, Math.abs(e.score(label)));
          worst = Math.max(worst, d);
          if (!(d <= tolerance)) {
            throw disagreement(i, "the score of '" + label + "' differs by " + d + " (relative)", tolerance);
          }
        }
        // A label may differ only where the original's two scores tie within the tolerance.
        if (!e.label().equals(a.label()) && Math.abs(e.score(e.label()) - e.score(a.label())) > tolerance) {
          throw disagreement(i, "the labels differ ('" + e.label() + "' and '" + a.label() + "')", tolerance);
        }
      } else {
        Map<String, Double> e = ((Prediction.Regression) expected.get(i)).values();
        Map<String, Double> a = ((Prediction.Regression) actual.get(i)).values();
        for (Map.Entry<String, Double> x : e.entrySet()) {
          double d = Math.abs(x.getValue() - a.get(x.getKey())) / Math.max(1, Math.abs(x.getValue()));
          worst = Math.max(worst, d);
          if (!(d <= tolerance)) {
            throw disagreement(i, "output '" + x.getKey() + "' differs by " + d + " (relative)", tolerance);
          }
        }
      }
    }
    return worst;
  }

  private static InvalidInputException disagreement(int row, String what, double tolerance) {
    return new InvalidInputException("model", "The ONNX export disagrees with the Tribuo model on row " + row + ": " + what
        + " (tolerance " + tolerance + "). Nothing was registered; register the Tribuo model alone, or report the model type.");
  }
}
