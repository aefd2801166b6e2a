package dev.mlops.registry.store;

import dev.mlops.core.ConflictException;
import dev.mlops.core.NotFoundException;
import dev.mlops.core.artifact.ArtifactKind;
import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.spi.VersionRecord;
import dev.mlops.registry.spi.VersionState;
import java.util.Optional;
import java.util.OptionalInt;

/** Checks and errors shared by the built-in metadata stores. */
final class StoreSupport {
  private StoreSupport() {}

  static ConflictException kindConflict(String name, ArtifactKind existing, ArtifactKind requested) {
    return new ConflictException(name, requested.id(), existing.id(),
        "Name '" + name + "' holds " + existing.id() + " versions; a " + requested.id()
            + " cannot be registered under it. Choose another name.");
  }

  static ConflictException importConflict(String name, int versions) {
    return new ConflictException(name, "no versions", versions + " versions",
        "Model '" + name + "' already holds " + versions + " versions in the target store; a model is imported only"
            + " under a name that holds none. Compare it with the source, or import into an empty store.");
  }

  static NotFoundException versionNotFound(String name, int version) {
    return new NotFoundException("version", name + "/" + version,
        "Version " + name + "/" + version + " does not exist; list the model's versions to see which do.");
  }

  static void checkRevision(VersionRecord current, long expectedRevision) {
    long actual = current.state().revision();
    if (actual != expectedRevision) {
      throw new ConflictException(current.id().toString(), "revision " + expectedRevision, "revision " + actual,
          "Version " + current.id() + " was changed by someone else (revision " + actual + ", expected "
              + expectedRevision + "); read it again and retry.");
    }
  }

  static void checkAlias(String name, String alias, OptionalInt expected, Integer actual) {
    boolean matches = expected.isPresent() ? actual != null && actual == expected.getAsInt() : actual == null;
    if (!matches) {
      String exp = expected.isPresent() ? String.valueOf(expected.getAsInt()) : null;
      String act = actual == null ? null : String.valueOf(actual);
      throw new ConflictException(name + "@" + alias, exp, act,
          "Alias " + name + "@" + alias + " points at " + (act == null ? "nothing" : "version " + act)
              + ", not " + (exp == null ? "nothing" : "version " + exp)
              + " as expected; someone else moved it. Read it again and decide.");
    }
  }

  /** An alias never points at an archived version: refuse to archive a version an alias points at. */
  static void checkNoAlias(String name, int version, java.util.Map<String, Integer> aliases) {
    aliases.forEach((alias, v) -> {
      if (v == version) {
        throw new ConflictException(name + "@" + alias, "no alias on " + name + "/" + version, "alias " + alias,
            "Alias " + name + "@" + alias + " points at version " + version + "; move it before archiving the version.");
      }
    });
  }

  /** An alias never points at an archived version: refuse to point one there. */
  static void checkNotArchived(VersionRecord target, String alias) {
    if (target.state().status() == dev.mlops.registry.VersionStatus.ARCHIVED) {
      throw new ConflictException(target.id().name() + "@" + alias, "an active or deprecated version",
          "archived version " + target.id().version(), "Version " + target.id()
              + " is archived; an alias cannot point at it. Restore it with setStatus(..., ACTIVE, reason) first.");
    }
  }

  static VersionState revised(VersionState state, long expectedRevision) {
    return new VersionState(expectedRevision + 1, state.status(), state.statusReason(), state.tags(),
        state.description(), state.signatures());
  }

  static AuditEvent withVersion(AuditEvent e, int version) {
    Optional<String> current = e.current();
    return new AuditEvent(e.sequence(), e.at(), e.principal(), e.action(), e.name(), version, e.key(),
        e.previous(), current);
  }
}
