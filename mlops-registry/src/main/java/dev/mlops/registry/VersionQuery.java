package dev.mlops.registry;

import dev.mlops.core.Names;
import dev.mlops.core.artifact.ArtifactKind;
import dev.mlops.registry.spi.VersionRecord;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A search over registered versions: by name prefix, kind, status, tags and registration time. Every
 * condition given must hold. Stores may execute it natively (the PostgreSQL store uses indexes); the
 * default scans.
 *
 * <pre>{@code
 * List<ModelVersion> risk = registry.search(VersionQuery.builder().namePrefix("fraud").tag("team", "risk").build());
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param namePrefix names must start with this; empty matches every name
 * @param kind the artifact kind, if restricted
 * @param status the status, if restricted
 * @param tags tags every result must carry with these values
 * @param registeredFrom results were registered at or after this instant, if given
 * @param registeredBefore results were registered strictly before this instant, if given
 */
public record VersionQuery(
    String namePrefix,
    Optional<ArtifactKind> kind,
    Optional<VersionStatus> status,
    Map<String, String> tags,
    Optional<Instant> registeredFrom,
    Optional<Instant> registeredBefore) {
  /**
   * Copies the tags.
   *
   * @param namePrefix the prefix
   * @param kind the kind
   * @param status the status
   * @param tags the tags
   * @param registeredFrom the inclusive lower time bound
   * @param registeredBefore the exclusive upper time bound
   */
  public VersionQuery {
    Objects.requireNonNull(namePrefix, "namePrefix");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(registeredFrom, "registeredFrom");
    Objects.requireNonNull(registeredBefore, "registeredBefore");
    tags = Map.copyOf(tags);
  }

  /**
   * Starts a query that matches everything.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Tells whether a stored version matches.
   *
   * @param r the record
   * @return whether every condition holds
   */
  public boolean matches(VersionRecord r) {
    if (!r.id().name().startsWith(namePrefix)) {
      return false;
    }
    if (kind.isPresent() && kind.get() != r.kind()) {
      return false;
    }
    if (status.isPresent() && status.get() != r.state().status()) {
      return false;
    }
    if (registeredFrom.isPresent() && r.registeredAt().isBefore(registeredFrom.get())) {
      return false;
    }
    if (registeredBefore.isPresent() && !r.registeredAt().isBefore(registeredBefore.get())) {
      return false;
    }
    for (Map.Entry<String, String> t : tags.entrySet()) {
      if (!t.getValue().equals(r.state().tags().get(t.getKey()))) {
        return false;
      }
    }
    return true;
  }

  /** Builds a {@link VersionQuery}. Not thread-safe. */
  public static final class Builder {
    private String namePrefix = "";
    private ArtifactKind kind;
    private VersionStatus status;
    private final Map<String, String> tags = new TreeMap<>();
    private Instant from;
    private Instant before;

    private Builder() {}

    /**
     * Restricts to names starting with a prefix.
     *
     * @param prefix the prefix
     * @return this builder
     */
    public Builder namePrefix(String prefix) {
      this.namePrefix = Objects.requireNonNull(prefix, "prefix");
      return this;
    }

    /**
     * Restricts to a kind.
     *
     * @param k the kind
     * @return this builder
     */
    public Builder kind(ArtifactKind k) {
      this.kind = Objects.requireNonNull(k, "kind");
      return this;
    }

    /**
     * Restricts to a status.
     *
     * @param s the status
     * @return this builder
     */
    public Builder status(VersionStatus s) {
      this.status = Objects.requireNonNull(s, "status");
      return this;
    }

    /**
     * Requires a tag value.
     *
     * @param key the key
     * @param value the value
     * @return this builder
     */
    public Builder tag(String key, String value) {
      tags.put(Names.requireTagKey(key), Names.requireTagValue(value));
      return this;
    }

    /**
     * Restricts to versions registered in a time range, {@code [from, before)}.
     *
     * @param fromInclusive the earliest registration time included
     * @param beforeExclusive the first registration time excluded
     * @return this builder
     * @throws IllegalArgumentException if {@code beforeExclusive} is not after {@code fromInclusive}
     */
    public Builder registeredBetween(Instant fromInclusive, Instant beforeExclusive) {
      Objects.requireNonNull(fromInclusive, "fromInclusive");
      Objects.requireNonNull(beforeExclusive, "beforeExclusive");
      if (!beforeExclusive.isAfter(fromInclusive)) {
        throw new IllegalArgumentException("the time range [" + fromInclusive + ", " + beforeExclusive + ") is empty");
      }
      this.from = fromInclusive;
      this.before = beforeExclusive;
      return this;
    }

    /**
     * Builds the query.
     *
     * @return the query
     */
    public VersionQuery build() {
      return new VersionQuery(namePrefix, Optional.ofNullable(kind), Optional.ofNullable(status), tags,
          Optional.ofNullable(from), Optional.ofNullable(before));
    }
  }
}
