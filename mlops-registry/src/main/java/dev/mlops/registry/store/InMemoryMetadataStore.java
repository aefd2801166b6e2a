package dev.mlops.registry.store;

import dev.mlops.core.NotFoundException;
import dev.mlops.core.artifact.VersionId;
import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.spi.MetadataStore;
import dev.mlops.registry.spi.ModelSnapshot;
import dev.mlops.registry.spi.NewVersion;
import dev.mlops.registry.spi.VersionRecord;
import dev.mlops.registry.spi.VersionState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * A {@link MetadataStore} held in this JVM's memory, for tests and short-lived tools. Contents are
 * lost when the store is dropped.
 *
 * <p>Instances are thread-safe: every operation holds the store's monitor, so each is atomic.
 */
public final class InMemoryMetadataStore implements MetadataStore {
  private final String description;
  private final Map<String, Model> models = new TreeMap<>();

  private static final class Model {
    final TreeMap<Integer, VersionRecord> versions = new TreeMap<>();
    final TreeMap<String, Integer> aliases = new TreeMap<>();
    final List<AuditEvent> audit = new ArrayList<>();
  }

  /**
   * Creates an empty store.
   *
   * @param description a name for messages, e.g. the {@code mem:} URI it was opened from
   */
  public InMemoryMetadataStore(String description) {
    this.description = Objects.requireNonNull(description, "description");
  }

  @Override
  public synchronized VersionRecord createVersion(String name, NewVersion v, AuditEvent event) {
    Model m = models.computeIfAbsent(name, k -> new Model());
    if (!m.versions.isEmpty() && m.versions.firstEntry().getValue().kind() != v.kind()) {
      throw StoreSupport.kindConflict(name, m.versions.firstEntry().getValue().kind(), v.kind());
    }
    int number = m.versions.isEmpty() ? 1 : m.versions.lastKey() + 1;
    VersionRecord r = new VersionRecord(new VersionId(name, number), v.kind(), v.manifestDigest(), v.manifestJson(),
        v.registeredAt(), v.registeredBy(), v.state());
    m.versions.put(number, r);
    append(m, StoreSupport.withVersion(event, number));
    return r;
  }

  @Override
  public synchronized Optional<VersionRecord> getVersion(String name, int version) {
    Model m = models.get(name);
    return m == null ? Optional.empty() : Optional.ofNullable(m.versions.get(version));
  }

  @Override
  public synchronized List<Integer> versionNumbers(String name) {
    Model m = models.get(name);
    return m == null ? List.of() : List.copyOf(m.versions.keySet());
  }

  @Override
  public synchronized List<String> names() {
    List<String> out = new ArrayList<>();
    models.forEach((n, m) -> {
      if (!m.versions.isEmpty()) {
        out.add(n);
      }
    });
    return out;
  }

  @Override
  public synchronized VersionRecord updateState(
      String name, int version, long expectedRevision, VersionState newState, AuditEvent event) {
    VersionRecord current = getVersion(name, version).orElseThrow(() -> StoreSupport.versionNotFound(name, version));
    StoreSupport.checkRevision(current, expectedRevision);
    Model m = models.get(name);
    if (newState.status() == dev.mlops.registry.VersionStatus.ARCHIVED) {
      StoreSupport.checkNoAlias(name, version, m.aliases);
    }
    VersionRecord updated = current.withState(StoreSupport.revised(newState, expectedRevision));
    m.versions.put(version, updated);
    append(m, StoreSupport.withVersion(event, version));
    return updated;
  }

  @Override
  public synchronized Map<String, Integer> aliases(String name) {
    Model m = models.get(name);
    return m == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(m.aliases));
  }

  @Override
  public synchronized void compareAndSetAlias(
      String name, String alias, OptionalInt expected, OptionalInt target, AuditEvent event) {
    Model m = models.get(name);
    if (m == null) {
      throw new NotFoundException("model", name, "Model '" + name + "' has no versions; register one first.");
    }
    Integer now = m.aliases.get(alias);
    StoreSupport.checkAlias(name, alias, expected, now);
    if (target.isPresent()) {
      VersionRecord t = m.versions.get(target.getAsInt());
      if (t == null) {
        throw StoreSupport.versionNotFound(name, target.getAsInt());
      }
      StoreSupport.checkNotArchived(t, alias);
      m.aliases.put(alias, target.getAsInt());
    } else {
      m.aliases.remove(alias);
    }
    append(m, event);
  }

  @Override
  public synchronized List<AuditEvent> auditLog(String name) {
    Model m = models.get(name);
    return m == null ? List.of() : List.copyOf(m.audit);
  }

  @Override
  public synchronized void importModel(ModelSnapshot snapshot) {
    Model existing = models.get(snapshot.name());
    if (existing != null && !existing.versions.isEmpty()) {
      throw StoreSupport.importConflict(snapshot.name(), existing.versions.size());
    }
    Model m = new Model();
    snapshot.versions().forEach(r -> m.versions.put(r.id().version(), r));
    m.aliases.putAll(snapshot.aliases());
    m.audit.addAll(snapshot.auditLog());
    models.put(snapshot.name(), m);
  }

  @Override
  public List<String> verify() {
    return List.of();
  }

  @Override
  public String describe() {
    return description;
  }

  private static void append(Model m, AuditEvent event) {
    m.audit.add(event.withSequence(m.audit.size() + 1L));
  }

  /**
   * Not used: this store has nothing to close.
   */
  @Override
  public void close() {}

}
