package dev.mlops.registry;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a model's append-only audit log: what changed, when, by whom, and the value before and
 * after. Events of one model are numbered 1, 2, 3, ... in the order they were committed; the store
 * writes an event in the same atomic step as the change it records.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param sequence the event's number in its model's log, from 1; 0 in an event not yet appended
 * @param at when the change was made, to the millisecond
 * @param principal who made it, from the registry's principal supplier
 * @param action what was done
 * @param name the model name
 * @param version the version changed, or the version an alias now points at (0 when none)
 * @param key the alias name, tag key, signing key id or status reason; empty when not applicable
 * @param previous the value before the change, if there was one
 * @param current the value after the change, if there is one
 */
public record AuditEvent(
    long sequence,
    Instant at,
    String principal,
    AuditAction action,
    String name,
    int version,
    String key,
    Optional<String> previous,
    Optional<String> current) {

  /**
   * Validates the components and truncates the time to milliseconds.
   *
   * @param sequence the sequence number
   * @param at the time
   * @param principal the principal
   * @param action the action
   * @param name the model name
   * @param version the version
   * @param key the key
   * @param previous the previous value
   * @param current the current value
   */
  public AuditEvent {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(previous, "previous");
    Objects.requireNonNull(current, "current");
    if (sequence < 0 || version < 0) {
      throw new IllegalArgumentException("sequence and version must not be negative");
    }
    at = at.truncatedTo(ChronoUnit.MILLIS);
  }

  /**
   * Returns a copy with the sequence number a store assigned.
   *
   * @param seq the sequence number
   * @return the numbered event
   */
  public AuditEvent withSequence(long seq) {
    return new AuditEvent(seq, at, principal, action, name, version, key, previous, current);
  }
}
