package dev.mlops.core.model;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.Names;
import java.util.Objects;

/**
 * One input feature of a model signature: its name and type.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param name the feature name, 1 to 256 characters without control characters or unpaired surrogates
 * @param type the feature type
 */
public record FeatureSpec(String name, FeatureType type) {
  /**
   * Validates the components.
   *
   * @param name the feature name
   * @param type the feature type
   * @throws InvalidInputException if the name is empty, too long, or holds a control character or an
   *     unpaired surrogate
   */
  public FeatureSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Names.requireText("feature", name, 256);
  }

  /**
   * Creates a {@link FeatureType#DOUBLE} feature.
   *
   * @param name the feature name
   * @return the feature
   */
  public static FeatureSpec numeric(String name) {
    return new FeatureSpec(name, FeatureType.DOUBLE);
  }
}
