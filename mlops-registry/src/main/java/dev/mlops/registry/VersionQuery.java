package dev.mlops.registry;

import dev.mlops.core.Names;
import dev.mlops.core.artifact.ArtifactKind;
import dev.mlops.registry.spi.VersionRecord;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A search over registered versions: by name prefix, kind, status and tags. Every condition given
 * must hold. Stores may execute it natively; the default scans.
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
 */
public record VersionQuery(String namePrefix, Optional<ArtifactKind> kind, Optional<VersionStatus> status, Map<String, String> tags) {
  /**
   * Copies the tags.
   *
   * @param namePrefix the prefix
   * @param kind the kind
   * @param status the status
   * @param tags the tags
   */
  public VersionQuery {
    Objects.requireNonNull(namePrefix, "namePrefix");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(status, "status");
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
     * Builds the query.
     *
     * @return the query
     */
    public VersionQuery build() {
      return new VersionQuery(namePrefix, Optional.ofNullable(kind), Optional.ofNullable(status), tags);
    }
  }
}
