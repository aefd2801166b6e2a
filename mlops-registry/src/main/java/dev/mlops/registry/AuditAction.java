package dev.mlops.registry;

import dev.mlops.core.InvalidInputException;
import java.util.Locale;

/**
 * What an {@link AuditEvent} records.
 *
 * <p>Enum constants are immutable and thread-safe.
 */
public enum AuditAction {
  /** A version was registered; {@code current} is its manifest digest. */
  REGISTER,
  /** An alias was set or moved; {@code previous}/{@code current} are version numbers. */
  ALIAS_SET,
  /** An alias was removed; {@code previous} is the version it pointed at. */
  ALIAS_REMOVE,
  /** A tag was set; {@code key} is the tag key. */
  TAG_SET,
  /** A tag was removed; {@code key} is the tag key. */
  TAG_REMOVE,
  /** The description changed. */
  DESCRIPTION_SET,
  /** The status changed (deprecated, archived); {@code key} holds the reason. */
  STATUS_SET,
  /** A signature was added; {@code key} is the key id. */
  SIGNATURE_ADD,
  /**
   * Evidence was attached to the version; {@code key} is the evidence kind, {@code current} the digest of
   * the evidence document in the blob store.
   */
  EVIDENCE_ADD,
  /**
   * The version was approved by the event's principal; {@code key} is the approver's comment,
   * {@code current} the manifest digest approved.
   */
  APPROVAL_ADD;

  /**
   * Returns the lowercase name used in JSON documents.
   *
   * @return e.g. {@code "alias_set"}
   */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Tells whether the event changes an alias rather than a version.
   *
   * @return whether this is {@link #ALIAS_SET} or {@link #ALIAS_REMOVE}
   */
  public boolean isAliasChange() {
    return this == ALIAS_SET || this == ALIAS_REMOVE;
  }

  /**
   * Parses the lowercase JSON name.
   *
   * @param id the name
   * @return the action
   * @throws InvalidInputException if the name is unknown
   */
  public static AuditAction fromId(String id) {
    for (AuditAction a : values()) {
      if (a.id().equals(id)) {
        return a;
      }
    }
    throw new InvalidInputException("action", "Unknown audit action '" + id + "'.");
  }
}
