package dev.mlops.registry.spi;

import dev.mlops.core.ConflictException;
import dev.mlops.core.IntegrityException;
import dev.mlops.core.NotFoundException;
import dev.mlops.core.StoreException;
import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.VersionQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Storage primitives for registry metadata: versions with their manifests, the mutable state beside
 * them, aliases and the audit log. The domain rules (validation, references, statuses, trust) live
 * once in {@link dev.mlops.registry.ModelRegistry}; a store only has to keep these promises, which the
 * compatibility kit checks:
 * <ul>
 *   <li>{@link #createVersion} allocates the next number for a name atomically: numbers are 1, 2, 3,
 *       ... per name, gapless among visible versions, never reused, under concurrency from many threads
 *       and processes;</li>
 *   <li>{@link #updateState} and {@link #compareAndSetAlias} are compare-and-set operations;</li>
 *   <li>every mutation writes its {@link AuditEvent} in the same atomic step as the change, assigning
 *       the next sequence number of the name's log; a change is visible with its event or not at all;</li>
 *   <li>an alias never points at an archived version: {@link #compareAndSetAlias} to an archived
 *       target and {@link #updateState} to {@code ARCHIVED} of a version an alias points at raise
 *       {@link ConflictException}, checked in the same atomic step as the change;</li>
 *   <li>a crash at any instant leaves the store readable with every committed change intact;</li>
 *   <li>{@link #importModel} writes a whole model (original numbers, times and audit sequences) or
 *       nothing, so a registry can move between stores ({@link dev.mlops.registry.RegistryCopy}).</li>
 * </ul>
 *
 * <p>Implementations are thread-safe.
 */
public interface MetadataStore extends AutoCloseable {

  /**
   * Registers a version under the next free number of a name, with its audit event.
   *
   * @param name a validated model name
   * @param version the version to record
   * @param event the {@code REGISTER} event; its {@code version} field is replaced by the number
   *     assigned, its sequence by the next one of the log
   * @return the stored record, with its number
   * @throws ConflictException if the name holds versions of another kind
   * @throws StoreException if the store cannot write; nothing is then visible
   */
  VersionRecord createVersion(String name, NewVersion version, AuditEvent event);

  /**
   * Reads one version.
   *
   * @param name the model name
   * @param version the version number
   * @return the record, if there is one
   * @throws IntegrityException if the stored record cannot be read
   * @throws StoreException if the store cannot be read
   */
  Optional<VersionRecord> getVersion(String name, int version);

  /**
   * Lists the version numbers of a name, ascending, without reading the records.
   *
   * @param name the model name
   * @return the numbers; empty for an unknown name
   * @throws StoreException if the store cannot be read
   */
  List<Integer> versionNumbers(String name);

  /**
   * Reads versions of a name, ascending by number, a page at a time.
   *
   * @param name the model name
   * @param afterVersion return versions numbered above this (0 for the first page)
   * @param limit the most versions to return, at least 1
   * @return the records
   * @throws IntegrityException if a stored record cannot be read
   * @throws StoreException if the store cannot be read
   */
  default List<VersionRecord> listVersions(String name, int afterVersion, int limit) {
    List<VersionRecord> out = new ArrayList<>();
    for (int n : versionNumbers(name)) {
      if (n > afterVersion && out.size() < limit) {
        getVersion(name, n).ifPresent(out::add);
      }
    }
    return out;
  }

  /**
   * Finds versions matching a query, ordered by name then version. The default scans every version;
   * stores with indexes override it.
   *
   * @param query the query
   * @return the matching records
   * @throws StoreException if the store cannot be read
   */
  default List<VersionRecord> search(VersionQuery query) {
    List<VersionRecord> out = new ArrayList<>();
    for (String name : names()) {
      if (!name.startsWith(query.namePrefix())) {
        continue;
      }
      for (int n : versionNumbers(name)) {
        getVersion(name, n).filter(query::matches).ifPresent(out::add);
      }
    }
    return out;
  }

  /**
   * Lists the names that have at least one version, sorted.
   *
   * @return the names
   * @throws StoreException if the store cannot be read
   */
  List<String> names();

  /**
   * Replaces a version's mutable state if its revision is still the expected one, with its audit
   * event. The store sets the new state's revision to {@code expectedRevision + 1}.
   *
   * @param name the model name
   * @param version the version number
   * @param expectedRevision the revision the caller read
   * @param newState the new state (its revision is ignored)
   * @param event the audit event describing the change; its {@code version} field is set to
   *     {@code version}, its sequence to the next one of the log
   * @return the stored record
   * @throws NotFoundException if the version does not exist
   * @throws ConflictException if the revision is no longer the expected one, or the change archives a
   *     version an alias points at
   * @throws StoreException if the store cannot write; nothing is then changed
   */
  VersionRecord updateState(String name, int version, long expectedRevision, VersionState newState, AuditEvent event);

  /**
   * Reads the aliases of a name.
   *
   * @param name the model name
   * @return alias to version number, sorted by alias
   * @throws StoreException if the store cannot be read
   */
  Map<String, Integer> aliases(String name);

  /**
   * Reads one alias.
   *
   * @param name the model name
   * @param alias the alias
   * @return the version it points at, if set
   * @throws StoreException if the store cannot be read
   */
  default OptionalInt alias(String name, String alias) {
    Integer v = aliases(name).get(alias);
    return v == null ? OptionalInt.empty() : OptionalInt.of(v);
  }

  /**
   * Sets, moves or removes an alias if it still has the expected value, with its audit event.
   *
   * @param name the model name
   * @param alias the alias
   * @param expected the version it must point at now, or empty if it must be unset
   * @param target the version it should point at, or empty to remove it
   * @param event the audit event describing the change
   * @throws ConflictException if the alias does not have the expected value, or the target version is
   *     archived
   * @throws NotFoundException if the model or the target version does not exist
   * @throws StoreException if the store cannot write; nothing is then changed
   */
  void compareAndSetAlias(String name, String alias, OptionalInt expected, OptionalInt target, AuditEvent event);

  /**
   * Reads a name's audit log, oldest first: only events of committed changes.
   *
   * @param name the model name
   * @return the events
   * @throws StoreException if the store cannot be read
   */
  List<AuditEvent> auditLog(String name);

  /**
   * Reads everything the store holds about one model, for copying it to another store. The default
   * reads page by page; a store that can read in one consistent snapshot (a database transaction)
   * overrides it. Copy from a store nobody writes to while it is read.
   *
   * @param name the model name
   * @return the snapshot, if the model has versions
   * @throws IntegrityException if a stored record cannot be read
   * @throws StoreException if the store cannot be read
   * @throws dev.mlops.core.InvalidInputException if what was read is not consistent (it changed while
   *     it was read)
   */
  default Optional<ModelSnapshot> exportModel(String name) {
    List<VersionRecord> versions = new ArrayList<>();
    int after = 0;
    while (true) {
      List<VersionRecord> page = listVersions(name, after, 1000);
      if (page.isEmpty()) {
        break;
      }
      versions.addAll(page);
      after = page.get(page.size() - 1).id().version();
    }
    if (versions.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new ModelSnapshot(name, versions, aliases(name), auditLog(name)));
  }

  /**
   * Imports a model exactly as another store holds it: its versions with their original numbers,
   * registration times and states (revisions included), its aliases, and its audit log with the
   * original sequence numbers. All or nothing: afterwards the name holds the whole snapshot, or, after a
   * failure or a crash, nothing. The name must hold no versions yet; importing is meant for an
   * offline move (nobody registers under the name meanwhile).
   *
   * @param snapshot the model to import
   * @throws ConflictException if the name already holds versions
   * @throws StoreException if the store cannot write; nothing is then visible
   * @throws UnsupportedOperationException if the store cannot import (the default)
   */
  default void importModel(ModelSnapshot snapshot) {
    throw new UnsupportedOperationException(describe() + " cannot import models; implement MetadataStore.importModel");
  }

  /**
   * Checks the store's own structures (not the artifacts' bytes) and reports every problem found.
   *
   * @return the problems; empty when intact
   */
  List<String> verify();

  /**
   * Describes the store for messages, e.g. its URI without credentials.
   *
   * @return a description
   */
  String describe();

  /** Releases resources; the default does nothing. */
  @Override
  default void close() {}
}
