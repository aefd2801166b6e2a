package dev.mlops.registry;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.Names;
import java.util.Objects;

/**
 * A reference to a version, as users write it:
 * <ul>
 *   <li>{@code fraud}: the latest active version of {@code fraud} (highest number, status
 *       {@link VersionStatus#ACTIVE});</li>
 *   <li>{@code fraud/3}: version 3, whatever its status;</li>
 *   <li>{@code fraud@champion}: the version the alias {@code champion} points at.</li>
 * </ul>
 *
 * <p>All implementations are immutable and thread-safe.
 */
public sealed interface ModelRef permits ModelRef.Latest, ModelRef.Version, ModelRef.Alias {

  /**
   * Returns the model name.
   *
   * @return the name
   */
  String name();

  /**
   * Parses a reference.
   *
   * @param text {@code name}, {@code name/version} or {@code name@alias}
   * @return the reference
   * @throws InvalidInputException if the text is malformed or a part is invalid
   */
  static ModelRef parse(String text) {
    Objects.requireNonNull(text, "text");
    int at = text.indexOf('@');
    int slash = text.indexOf('/');
    if (at >= 0 && slash >= 0) {
      throw new InvalidInputException("reference", "A reference is 'name', 'name/version' or 'name@alias', not both.");
    }
    if (at >= 0) {
      return new Alias(text.substring(0, at), text.substring(at + 1));
    }
    if (slash >= 0) {
      String num = text.substring(slash + 1);
      if (!num.matches("[1-9][0-9]{0,9}")) {
        throw new InvalidInputException("reference", "The version in 'name/version' is a positive whole number.");
      }
      long v = Long.parseLong(num);
      if (v > Integer.MAX_VALUE) {
        throw new InvalidInputException("reference", "The version number is too large.");
      }
      return new Version(text.substring(0, slash), (int) v);
    }
    return new Latest(text);
  }

  /**
   * The latest active version of a model.
   *
   * @param name the model name
   */
  record Latest(String name) implements ModelRef {
    /**
     * Validates the name.
     *
     * @param name the model name
     */
    public Latest {
      Names.requireModelName(name);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /**
   * One numbered version.
   *
   * @param name the model name
   * @param version the version number
   */
  record Version(String name, int version) implements ModelRef {
    /**
     * Validates the components.
     *
     * @param name the model name
     * @param version the version number
     */
    public Version {
      Names.requireModelName(name);
      if (version < 1) {
        throw new InvalidInputException("version", "Versions are numbered from 1.");
      }
    }

    @Override
    public String toString() {
      return name + '/' + version;
    }
  }

  /**
   * The version an alias points at.
   *
   * @param name the model name
   * @param alias the alias
   */
  record Alias(String name, String alias) implements ModelRef {
    /**
     * Validates the components.
     *
     * @param name the model name
     * @param alias the alias
     */
    public Alias {
      Names.requireModelName(name);
      Names.requireAlias(alias);
    }

    @Override
    public String toString() {
      return name + '@' + alias;
    }
  }
}
