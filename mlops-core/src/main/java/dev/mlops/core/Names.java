package dev.mlops.core;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Validation of every name that reaches a store: model names, aliases, tag keys and values,
 * descriptions and file paths inside an artifact.
 *
 * <p>Names become file names, object keys and SQL values, so they are checked at the door:
 * <ul>
 *   <li>a <b>model name</b> is 1 to 128 characters of lowercase letters, digits, {@code .}, {@code _}
 *       and {@code -}, starting with a letter or digit, never containing {@code ..}; lowercase only
 *       so that a name means the same thing on case-insensitive file systems and in object keys;</li>
 *   <li>an <b>alias</b> is 1 to 64 characters of lowercase letters, digits, {@code _} and {@code -},
 *       starting with a letter (so {@code fraud@3} can never be mistaken for a version);</li>
 *   <li>a <b>tag key</b> is 1 to 128 printable characters without whitespace; a <b>tag value</b> at
 *       most 4,096 characters without control characters; a <b>description</b> at most 16,384
 *       characters, with no control character other than tab and line feed;</li>
 *   <li>a <b>file path</b> inside an artifact is relative, {@code /}-separated, with no empty,
 *       {@code .} or {@code ..} component, no backslash, no colon, no control character, at most
 *       255 UTF-8 bytes a component and 1,024 in all.</li>
 * </ul>
 *
 * <p>Tag values, descriptions and paths must also be well-formed UTF-16 (no unpaired surrogate),
 * since they are stored as UTF-8 and hashed as canonical JSON.
 *
 * <p>This class is stateless and thread-safe.
 */
public final class Names {
  /** Longest model name. */
  public static final int MAX_MODEL_NAME = 128;
  /** Longest alias. */
  public static final int MAX_ALIAS = 64;
  /** Longest tag key. */
  public static final int MAX_TAG_KEY = 128;
  /** Longest tag value. */
  public static final int MAX_TAG_VALUE = 4096;
  /** Longest description. */
  public static final int MAX_DESCRIPTION = 16384;
  /** Longest file path, in UTF-8 bytes. */
  public static final int MAX_PATH_BYTES = 1024;

  private static final Pattern MODEL_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,127}");
  private static final Pattern ALIAS = Pattern.compile("[a-z][a-z0-9_-]{0,63}");
  private static final Pattern TAG_KEY = Pattern.compile("[\\p{Graph}&&[^\\p{Cntrl}]]{1,128}");

  private Names() {}

  /**
   * Checks a model (or data set) name.
   *
   * @param name the name
   * @return the name, for chaining
   * @throws InvalidInputException if the name is not acceptable
   */
  public static String requireModelName(String name) {
    Objects.requireNonNull(name, "name");
    if (!MODEL_NAME.matcher(name).matches() || name.contains("..")) {
      throw new InvalidInputException(
          "name",
          "Invalid model name '" + shown(name) + "': use 1 to " + MAX_MODEL_NAME
              + " lowercase letters, digits, '.', '_' or '-', starting with a letter or digit, without '..'.");
    }
    return name;
  }

  /**
   * Checks an alias name such as {@code champion}.
   *
   * @param alias the alias
   * @return the alias, for chaining
   * @throws InvalidInputException if the alias is not acceptable
   */
  public static String requireAlias(String alias) {
    Objects.requireNonNull(alias, "alias");
    if (!ALIAS.matcher(alias).matches()) {
      throw new InvalidInputException(
          "alias",
          "Invalid alias '" + shown(alias) + "': use 1 to " + MAX_ALIAS
              + " lowercase letters, digits, '_' or '-', starting with a letter.");
    }
    return alias;
  }

  /**
   * Checks a tag key.
   *
   * @param key the key
   * @return the key, for chaining
   * @throws InvalidInputException if the key is not acceptable
   */
  public static String requireTagKey(String key) {
    Objects.requireNonNull(key, "key");
    if (!TAG_KEY.matcher(key).matches()) {
      throw new InvalidInputException(
          "tag", "Invalid tag key '" + shown(key) + "': use 1 to " + MAX_TAG_KEY
              + " printable characters without spaces or control characters.");
    }
    return key;
  }

  /**
   * Checks a tag value.
   *
   * @param value the value
   * @return the value, for chaining
   * @throws InvalidInputException if the value is too long or holds a control character
   */
  public static String requireTagValue(String value) {
    Objects.requireNonNull(value, "value");
    if (value.length() > MAX_TAG_VALUE || hasControl(value, false) || hasLoneSurrogate(value)) {
      throw new InvalidInputException(
          "tag", "Invalid tag value: at most " + MAX_TAG_VALUE
              + " characters, without control characters or unpaired surrogates.");
    }
    return value;
  }

  /**
   * Checks a free-text description.
   *
   * @param description the description
   * @return the description, for chaining
   * @throws InvalidInputException if it is too long or holds a control character other than tab or
   *     line feed
   */
  public static String requireDescription(String description) {
    Objects.requireNonNull(description, "description");
    if (description.length() > MAX_DESCRIPTION || hasControl(description, true) || hasLoneSurrogate(description)) {
      throw new InvalidInputException(
          "description", "Invalid description: at most " + MAX_DESCRIPTION
              + " characters, with no control character other than tab and line feed and no unpaired surrogate.");
    }
    return description;
  }

  /**
   * Checks a relative file path inside an artifact, such as {@code model/weights.bin}.
   *
   * @param path the path, {@code /}-separated
   * @return the path, for chaining
   * @throws InvalidInputException if the path is absolute, escapes its root, or is malformed
   */
  public static String requireRelativePath(String path) {
    Objects.requireNonNull(path, "path");
    String problem = pathProblem(path);
    if (problem != null) {
      throw new InvalidInputException(
          "path", "Invalid file path '" + shown(path) + "': " + problem
              + ". Use a relative '/'-separated path inside the artifact.");
    }
    return path;
  }

  private static String pathProblem(String path) {
    if (path.isEmpty()) {
      return "it is empty";
    }
    if (path.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
      return "it is longer than " + MAX_PATH_BYTES + " bytes";
    }
    if (path.startsWith("/")) {
      return "it is absolute";
    }
    if (path.indexOf('\\') >= 0 || path.indexOf(':') >= 0) {
      return "it contains '\\' or ':'";
    }
    if (hasControl(path, false)) {
      return "it contains a control character";
    }
    if (hasLoneSurrogate(path)) {
      // It has no UTF-8 form: encoding would turn it into '?', so two paths could collide.
      return "it contains an unpaired surrogate";
    }
    for (String part : path.split("/", -1)) {
      if (part.isEmpty() || part.equals(".") || part.equals("..")) {
        return "it has an empty, '.' or '..' component";
      }
      if (part.getBytes(StandardCharsets.UTF_8).length > 255) {
        return "a component is longer than 255 bytes";
      }
    }
    return null;
  }

  private static boolean hasControl(String s, boolean allowTabAndNewline) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isISOControl(c) && !(allowTabAndNewline && (c == '\t' || c == '\n'))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Checks a short free-text value such as a feature or label name: 1 to {@code maxLength}
   * characters, no control character, no unpaired surrogate (which has no UTF-8 or canonical JSON
   * form).
   *
   * @param field what the value is, for the exception
   * @param value the value
   * @param maxLength the longest accepted length
   * @return the value, for chaining
   * @throws InvalidInputException if the value is empty, too long or holds a control character or an
   *     unpaired surrogate
   */
  public static String requireText(String field, String value, int maxLength) {
    Objects.requireNonNull(value, field);
    if (value.isEmpty() || value.length() > maxLength || hasControl(value, false) || hasLoneSurrogate(value)) {
      throw new InvalidInputException(field, "Invalid " + field + " '" + shown(value) + "': use 1 to " + maxLength
          + " characters without control characters or unpaired surrogates.");
    }
    return value;
  }

  /** Whether a string is ill-formed UTF-16: it has no UTF-8 (or canonical JSON) form. */
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

  /** A name as it may appear in a message: cut short, control characters replaced. */
  static String shown(String s) {
    String cut = s.length() > 64 ? s.substring(0, 64) + "..." : s;
    StringBuilder b = new StringBuilder(cut.length());
    for (int i = 0; i < cut.length(); i++) {
      char c = cut.charAt(i);
      b.append(Character.isISOControl(c) ? '?' : c);
    }
    return b.toString();
  }
}
