package dev.mlops.core.artifact;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.Names;

/**
 * The identity of one registered version: a model (or data set) name and a version number, written
 * {@code name/version}, e.g. {@code fraud/3}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param name the model name (see {@link Names#requireModelName(String)})
 * @param version the version number, 1 or more
 */
public record VersionId(String name, int version) {
  /**
   * Validates the components.
   *
   * @param name the model name
   * @param version the version number
   * @throws InvalidInputException if the name is invalid or the version is below 1
   */
  public VersionId {
    Names.requireModelName(name);
    if (version < 1) {
      throw new InvalidInputException("version", "Versions are numbered from 1; got " + version + ".");
    }
  }

  /**
   * Parses {@code name/version}.
   *
   * @param text the text
   * @return the version id
   * @throws InvalidInputException if the text is malformed
   */
  public static VersionId parse(String text) {
    int slash = text.lastIndexOf('/');
    if (slash <= 0 || slash == text.length() - 1) {
      throw new InvalidInputException("version", "A version is written 'name/number', e.g. 'fraud/3'.");
    }
    int version;
    try {
      version = Integer.parseInt(text.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw new InvalidInputException("version", "A version is written 'name/number', e.g. 'fraud/3'.");
    }
    return new VersionId(text.substring(0, slash), version);
  }

  /**
   * Returns {@code name/version}.
   *
   * @return the text form
   */
  @Override
  public String toString() {
    return name + '/' + version;
  }
}
