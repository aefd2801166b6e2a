package dev.mlops.core;

import java.util.Objects;
import java.util.Optional;

/**
 * Raised when a change conflicts with the current state: a compare-and-set that found a value other
 * than the expected one, or a name already used for another kind of artifact.
 *
 * <p>Nothing is changed when this is raised: re-read the current state and retry if the change still
 * makes sense. Instances are immutable and thread-safe.
 */
public class ConflictException extends MlopsException {
  private static final long serialVersionUID = 1L;

  /** The reference concerned. */
  private final String reference;
  /** The expected value, or null. */
  private final String expected;
  /** The value found, or null. */
  private final String actual;

  /**
   * Creates the exception.
   *
   * @param reference what was being changed, e.g. {@code "fraud@champion"}
   * @param expected the value the caller expected, or {@code null} when it expected none
   * @param actual the value found, or {@code null} when there was none
   * @param message what was wrong and what to do
   */
  public ConflictException(String reference, String expected, String actual, String message) {
    super(message);
    this.reference = Objects.requireNonNull(reference, "reference");
    this.expected = expected;
    this.actual = actual;
  }

  /**
   * Returns what was being changed.
   *
   * @return the reference
   */
  public String reference() {
    return reference;
  }

  /**
   * Returns the value the caller expected.
   *
   * @return the expected value, empty when the caller expected none
   */
  public Optional<String> expected() {
    return Optional.ofNullable(expected);
  }

  /**
   * Returns the value that was found.
   *
   * @return the actual value, empty when there was none
   */
  public Optional<String> actual() {
    return Optional.ofNullable(actual);
  }
}
