package dev.mlops.testing.assertions;

import java.util.Objects;

/**
 * Thrown by a model assertion that fails; its message names the metric, the slice, the interval and the
 * threshold and shows a few failing rows, and {@link #result()} holds the same as a record.
 *
 * <p>Not meant to be shared between threads after it is thrown; its state is immutable.
 */
public final class ModelAssertionError extends AssertionError {
  private static final long serialVersionUID = 1L;

  /** The recorded result; transient because records of optionals are not serializable. */
  private final transient AssertionResult result;

  /**
   * Creates the error for a failed result.
   *
   * @param result the failed result
   */
  public ModelAssertionError(AssertionResult result) {
    super(Objects.requireNonNull(result, "result").message());
    this.result = result;
  }

  /**
   * Returns the failed result.
   *
   * @return the result
   */
  public AssertionResult result() {
    return result;
  }
}
