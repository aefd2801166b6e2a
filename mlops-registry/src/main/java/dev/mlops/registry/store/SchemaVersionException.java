package dev.mlops.registry.store;

import dev.mlops.core.StoreException;

/**
 * Raised when a database holds a registry schema this SDK cannot use: one written by a newer SDK
 * (upgrade the SDK), or an older one while migrations are switched off (let one replica migrate, or
 * run the migration with a role that may change the schema).
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class SchemaVersionException extends StoreException {
  private static final long serialVersionUID = 1L;

  /** The schema version found in the database. */
  private final int found;
  /** The newest schema version this SDK knows. */
  private final int supported;

  /**
   * Creates the exception.
   *
   * @param store the store, without credentials
   * @param found the schema version found in the database
   * @param supported the newest schema version this SDK knows
   * @param message what was wrong and what to do
   */
  public SchemaVersionException(String store, int found, int supported, String message) {
    super(store, message, null);
    this.found = found;
    this.supported = supported;
  }

  /**
   * Returns the schema version found in the database.
   *
   * @return the version
   */
  public int found() {
    return found;
  }

  /**
   * Returns the newest schema version this SDK knows.
   *
   * @return the version
   */
  public int supported() {
    return supported;
  }
}
