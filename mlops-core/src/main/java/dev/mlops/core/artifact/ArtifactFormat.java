package dev.mlops.core.artifact;

import dev.mlops.core.InvalidInputException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The format of an artifact's bytes, an open set of lowercase identifiers such as
 * {@code tribuo-protobuf}, {@code onnx}, {@code csv} or {@code raw}. A {@code PredictorLoader} is
 * chosen by format when a version is loaded as a predictor.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param id the identifier: 1 to 64 lowercase letters, digits, {@code .}, {@code +} or {@code -}
 */
public record ArtifactFormat(String id) {
  // Declared before the constants below: they are validated against it as the class initialises.
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9.+-]{0,63}");

  /** A Tribuo {@code Model} in Tribuo's protobuf format ({@code Model.serialize()}). */
  public static final ArtifactFormat TRIBUO_PROTOBUF = new ArtifactFormat("tribuo-protobuf");
  /** An ONNX model. */
  public static final ArtifactFormat ONNX = new ArtifactFormat("onnx");
  /** Comma-separated values with a header row. */
  public static final ArtifactFormat CSV = new ArtifactFormat("csv");
  /** Bytes of a format the SDK does not interpret. */
  public static final ArtifactFormat RAW = new ArtifactFormat("raw");

  /**
   * Validates the identifier.
   *
   * @param id the identifier
   * @throws InvalidInputException if the identifier is malformed
   */
  public ArtifactFormat {
    Objects.requireNonNull(id, "id");
    if (!ID.matcher(id).matches()) {
      throw new InvalidInputException(
          "format", "Invalid artifact format: use 1 to 64 lowercase letters, digits, '.', '+' or '-'.");
    }
  }

  /**
   * Returns the identifier.
   *
   * @return the identifier, e.g. {@code "onnx"}
   */
  @Override
  public String toString() {
    return id;
  }
}
