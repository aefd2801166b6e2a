package dev.mlops.core.onnx;

import dev.mlops.core.IntegrityException;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.artifact.ArtifactFile;
import dev.mlops.core.artifact.ArtifactFormat;
import dev.mlops.core.artifact.ArtifactManifest;
import dev.mlops.core.model.ModelSignature;
import dev.mlops.core.model.PredictorLoader;
import dev.mlops.core.model.TabularPredictor;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Loads artifacts of format {@code onnx} as {@link OnnxPredictor}s, and checks them at registration
 * (the graph loads in ONNX Runtime and its inputs and outputs agree with the signature). Registered
 * with {@link java.util.ServiceLoader} with default {@link OnnxOptions}; give a registry a configured
 * one with {@code ModelRegistry.builder().loader(OnnxPredictorLoader.of(options))}.
 *
 * <p>The model file is the one named by the manifest metadata {@value #FILE_KEY}, else the only file
 * whose name ends in {@code .onnx}, else the only file. This class touches no ONNX Runtime class
 * until an ONNX artifact is loaded or checked; without ONNX Runtime on the class path that fails with
 * an {@link InvalidInputException} naming the dependency, and every other format works.
 *
 * <p>Immutable and thread-safe.
 */
public final class OnnxPredictorLoader implements PredictorLoader {
  /** The manifest metadata key naming the ONNX file of a version holding several files. */
  public static final String FILE_KEY = "onnx.file";

  private final OnnxOptions options;

  /** Creates the loader with default options; called by {@link java.util.ServiceLoader}. */
  public OnnxPredictorLoader() {
    this(OnnxOptions.defaults());
  }

  private OnnxPredictorLoader(OnnxOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * Creates a loader whose sessions use the given options.
   *
   * @param options thread pools and optimisation level
   * @return the loader
   */
  public static OnnxPredictorLoader of(OnnxOptions options) {
    return new OnnxPredictorLoader(options);
  }

  /**
   * Returns the session options of this loader.
   *
   * @return the options
   */
  public OnnxOptions options() {
    return options;
  }

  @Override
  public boolean supports(ArtifactFormat format) {
    return ArtifactFormat.ONNX.equals(format);
  }

  @Override
  public TabularPredictor load(Source source) {
    String subject = source.version().toString();
    ModelSignature signature = source.manifest().signature().orElseThrow(() -> new IntegrityException(
        subject, "a model signature", "none",
        "Version " + subject + " is an ONNX model without a recorded signature; its manifest is incomplete. Register it again with one."));
    byte[] bytes = source.readFile(modelFile(source.manifest(), subject));
    OnnxRuntimeCheck.require(subject);
    return OnnxPredictor.create(bytes, signature, options, subject, OnnxPredictor.Failure.INTEGRITY);
  }

  @Override
  public void checkRegistration(Source source) {
    String subject = source.version().toString();
    ModelSignature signature = source.manifest().signature().orElseThrow(() -> new InvalidInputException(
        "signature", "An ONNX model is registered with its signature: the feature names in the graph's column order "
            + "and the output (labels in the order of the scores' columns, or regression dimensions). Call signature(...)."));
    byte[] bytes = source.readFile(modelFile(source.manifest(), subject));
    OnnxRuntimeCheck.require(subject);
    OnnxPredictor.create(bytes, signature, options, subject, OnnxPredictor.Failure.INPUT).close();
  }

  /** Finds the ONNX file of a manifest. */
  static String modelFile(ArtifactManifest manifest, String subject) {
    Optional<String> named = Optional.ofNullable(manifest.metadata().get(FILE_KEY));
    if (named.isPresent()) {
      return named.get();
    }
    List<ArtifactFile> onnx = manifest.files().stream().filter(f -> f.path().endsWith(".onnx")).toList();
    if (onnx.size() == 1) {
      return onnx.get(0).path();
    }
    if (manifest.files().size() == 1) {
      return manifest.files().get(0).path();
    }
    throw new InvalidInputException(FILE_KEY, subject + " has " + manifest.files().size() + " files and " + onnx.size()
        + " ending in .onnx; name the model file with the metadata '" + FILE_KEY + "' at registration.");
  }

  @Override
  public String toString() {
    return "OnnxPredictorLoader[" + options + "]";
  }
}
