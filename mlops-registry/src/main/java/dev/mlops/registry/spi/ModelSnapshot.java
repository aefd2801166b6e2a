package dev.mlops.registry.spi;

import dev.mlops.core.InvalidInputException;
import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.VersionStatus;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything a {@link MetadataStore} holds about one model: its versions (with their original numbers,
 * registration times and current states), its aliases and its whole audit log (with the original
 * sequence numbers). It is what {@link MetadataStore#exportModel(String)} reads and
 * {@link MetadataStore#importModel(ModelSnapshot)} writes when a registry moves to another store.
 *
 * <p>The compact constructor checks that the snapshot is self-consistent, so a store can import it
 * without further checks: versions numbered 1..n of one kind and one name, aliases pointing at versions
 * that exist and are not archived, audit events of this name numbered 1..m, each event other than an
 * alias change naming an existing version.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param name the model name
 * @param versions the versions, ascending by number, at least one
 * @param aliases alias to version number, sorted by alias
 * @param auditLog the audit log, oldest first
 */
public record ModelSnapshot(String name, List<VersionRecord> versions, Map<String, Integer> aliases, List<AuditEvent> auditLog) {

  /**
   * Copies the collections and checks consistency.
   *
   * @param name the model name
   * @param versions the versions
   * @param aliases the aliases
   * @param auditLog the audit log
   * @throws InvalidInputException if the snapshot is not self-consistent
   */
  public ModelSnapshot {
    Objects.requireNonNull(name, "name");
    versions = List.copyOf(versions);
    aliases = Collections.unmodifiableMap(new TreeMap<>(aliases));
    auditLog = List.copyOf(auditLog);
    if (versions.isEmpty()) {
      throw bad(name, "it has no versions");
    }
    for (int i = 0; i < versions.size(); i++) {
      VersionRecord r = versions.get(i);
      if (!r.id().name().equals(name) || r.id().version() != i + 1) {
        throw bad(name, "version " + r.id() + " is out of place: versions must be " + name + "/1.." + versions.size());
      }
      if (r.kind() != versions.get(0).kind()) {
        throw bad(name, "it mixes " + r.kind().id() + " and " + versions.get(0).kind().id() + " versions");
      }
    }
    for (Map.Entry<String, Integer> a : aliases.entrySet()) {
      int v = a.getValue();
      if (v < 1 || v > versions.size()) {
        throw bad(name, "alias " + a.getKey() + " points at version " + v + ", which it does not hold");
      }
      if (versions.get(v - 1).state().status() == VersionStatus.ARCHIVED) {
        throw bad(name, "alias " + a.getKey() + " points at archived version " + v);
      }
    }
    for (int i = 0; i < auditLog.size(); i++) {
      AuditEvent e = auditLog.get(i);
      if (!e.name().equals(name) || e.sequence() != i + 1L) {
        throw bad(name, "audit event " + e.sequence() + " of '" + e.name() + "' is out of place: events must be numbered 1.."
            + auditLog.size());
      }
      if (!e.action().isAliasChange() && (e.version() < 1 || e.version() > versions.size())) {
        throw bad(name, "audit event " + e.sequence() + " names version " + e.version() + ", which it does not hold");
      }
    }
  }

  private static InvalidInputException bad(String name, String why) {
    return new InvalidInputException("snapshot", "The snapshot of model '" + name + "' is not consistent: " + why
        + ". Export it again from the source store.");
  }
}
