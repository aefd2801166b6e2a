package dev.mlops.core.model;

import dev.mlops.core.InvalidInputException;
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
    if (name.isEmpty() || name.length() > 256 || name.chars().anyMatch(Character::isISOControl)
        || hasLoneSurrogate(name)) {
      throw new InvalidInputException(
          "feature", "Invalid feature name: use 1 to 256 characters without control characters or unpaired surrogates.");
    }
  }

  /** Whether a name is ill-formed UTF-16, which has no canonical JSON form. */
  private static boolean hasLoneSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
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
