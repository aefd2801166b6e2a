package dev.mlops.core;

import java.util.Objects;

/**
 * Raised when a store cannot do what was asked for a reason outside the caller's input: an I/O
 * error, a full disk, a lost connection, a store layout newer than this SDK understands.
 *
 * <p>The store is left as it was before the call (no partial version is ever visible). Fix the cause
 * (space, permissions, connectivity) and retry. Instances are immutable and thread-safe.
 */
public class StoreException extends MlopsException {
  private static final long serialVersionUID = 1L;

  /** The store that failed. */
  private final String store;

  /**
   * Creates the exception.
   *
   * @param store a description of the store, e.g. its URI (never with credentials)
   * @param message what was wrong and what to do
   * @param cause the underlying failure, or {@code null}
   */
  public StoreException(String store, String message, Throwable cause) {
    super(message, cause);
    this.store = Objects.requireNonNull(store, "store");
  }

  /**
   * Returns the store that failed.
   *
   * @return a description of the store, e.g. its URI
   */
  public String store() {
    return store;
  }
}
