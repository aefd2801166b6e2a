package dev.mlops.registry.evidence;

import dev.mlops.core.Digest;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.Names;
import dev.mlops.core.artifact.VersionId;
import dev.mlops.registry.ModelVersion;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * An evidence document: what a test suite found about one model version, bound to the exact manifest
 * digest it tested. It is stored as RFC 8785 canonical JSON in the blob store, addressed by its own
 * digest, so the document a registry returns is byte for byte the one attached.
 *
 * <pre>{@code
 * ModelVersion v = registry.get("fraud/3");
 * EvidenceAttachment html = registry.storeEvidenceAttachment("summary.html", "text/html", htmlBytes);
 * Evidence e = Evidence.builder(Evidence.MODEL_TEST, "FraudModelTest", v)
 *     .result(EvidenceResult.of("accuracy", "accuracy", 0.94, true).withInterval(0.91, 0.96).withThreshold(0.9))
 *     .attachment(html)
 *     .build();
 * EvidenceRef ref = registry.attachEvidence("fraud/3", e);
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param schemaVersion the document's format version ({@link #SCHEMA_VERSION})
 * @param kind what produced it, e.g. {@link #MODEL_TEST}: lowercase letters, digits, '.', '_' or '-'
 * @param suite the suite's name, e.g. the test class
 * @param subject the version tested
 * @param manifestDigest the manifest digest of the version tested
 * @param passed whether the suite passed as a whole
 * @param createdAt when the suite ran, to the millisecond
 * @param results the checked results, in the order they were recorded
 * @param attachments files that go with the evidence, sorted by name
 * @param properties free-form facts about the run (environment, commit, ...), sorted by key
 */
public record Evidence(
    int schemaVersion,
    String kind,
    String suite,
    VersionId subject,
    Digest manifestDigest,
    boolean passed,
    Instant createdAt,
    List<EvidenceResult> results,
    List<EvidenceAttachment> attachments,
    Map<String, String> properties) {

  /** The format version this library writes; documents of a later version are refused on read. */
  public static final int SCHEMA_VERSION = 1;
  /** The kind of evidence written by model test suites ({@code @ModelTest}). */
  public static final String MODEL_TEST = "model-test";

  private static final Pattern KIND = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  /**
   * Validates and copies the components.
   *
   * @param schemaVersion the format version
   * @param kind the kind
   * @param suite the suite
   * @param subject the version tested
   * @param manifestDigest its manifest digest
   * @param passed whether the suite passed
   * @param createdAt when it ran
   * @param results the results
   * @param attachments the attachments
   * @param properties the properties
   * @throws InvalidInputException if a component is invalid, two attachments share a name, or the
   *     suite is said to pass while one of its results failed
   */
  public Evidence {
    if (schemaVersion < 1 || schemaVersion > SCHEMA_VERSION) {
      throw new InvalidInputException("schemaVersion", "Evidence schema version " + schemaVersion
          + " is not supported (this library reads 1 to " + SCHEMA_VERSION + "); upgrade the library.");
    }
    requireKind(kind);
    Names.requireText("suite", suite, EvidenceResult.MAX_NAME);
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(manifestDigest, "manifestDigest");
    createdAt = Objects.requireNonNull(createdAt, "createdAt").truncatedTo(ChronoUnit.MILLIS);
    results = List.copyOf(results);
    List<EvidenceAttachment> sorted = new ArrayList<>(attachments);
    sorted.sort((a, b) -> a.name().compareTo(b.name()));
    Set<String> names = new HashSet<>();
    for (EvidenceAttachment a : sorted) {
      if (!names.add(a.name())) {
        throw new InvalidInputException("attachment", "Two attachments are named '" + a.name() + "'; give each its own name.");
      }
    }
    attachments = List.copyOf(sorted);
    properties.forEach((k, v) -> {
      Names.requireTagKey(k);
      Names.requireTagValue(v);
    });
    properties = Collections.unmodifiableMap(new TreeMap<>(properties));
    if (passed) {
      for (EvidenceResult r : results) {
        if (!r.passed()) {
          throw new InvalidInputException("passed", "Suite '" + suite + "' is recorded as passed but its result '" + r.name()
              + "' failed; a suite passes only when every result passes.");
        }
      }
    }
  }

  /**
   * Checks an evidence kind.
   *
   * @param kind the kind
   * @return the kind
   * @throws InvalidInputException if it is not 1 to 64 lowercase letters, digits, '.', '_' or '-'
   */
  public static String requireKind(String kind) {
    Objects.requireNonNull(kind, "kind");
    if (!KIND.matcher(kind).matches()) {
      throw new InvalidInputException("kind", "Invalid evidence kind '" + kind
          + "': use 1 to 64 lowercase letters, digits, '.', '_' or '-', e.g. '" + MODEL_TEST + "'.");
    }
    return kind;
  }

  /**
   * Starts building evidence about a version.
   *
   * @param kind the kind, e.g. {@link #MODEL_TEST}
   * @param suite the suite's name
   * @param tested the version tested
   * @return a builder
   */
  public static Builder builder(String kind, String suite, ModelVersion tested) {
    return new Builder(kind, suite, tested.id(), tested.manifestDigest());
  }

  /**
   * Starts building evidence about a version known by its id and manifest digest.
   *
   * @param kind the kind, e.g. {@link #MODEL_TEST}
   * @param suite the suite's name
   * @param subject the version tested
   * @param manifestDigest its manifest digest
   * @return a builder
   */
  public static Builder builder(String kind, String suite, VersionId subject, Digest manifestDigest) {
    return new Builder(kind, suite, subject, manifestDigest);
  }

  /**
   * Returns the failed results.
   *
   * @return the results that did not pass
   */
  public List<EvidenceResult> failures() {
    return results.stream().filter(r -> !r.passed()).toList();
  }

  /**
   * Serialises the document to its RFC 8785 canonical JSON, the bytes stored and hashed.
   *
   * @return UTF-8 canonical JSON
   */
  public byte[] toCanonicalJson() {
    return EvidenceJson.write(this);
  }

  /**
   * Returns the digest of {@link #toCanonicalJson()}: the evidence's identity in the blob store.
   *
   * @return the digest
   */
  public Digest digest() {
    return Digest.sha256(toCanonicalJson());
  }

  /**
   * Reads a document written by {@link #toCanonicalJson()}; unknown fields are ignored.
   *
   * @param json the JSON bytes
   * @return the evidence
   * @throws InvalidInputException if the bytes are not a valid evidence document
   */
  public static Evidence parse(byte[] json) {
    return EvidenceJson.read(json);
  }

  /**
   * Builds an {@link Evidence}. Not thread-safe.
   */
  public static final class Builder {
    private final String kind;
    private final String suite;
    private final VersionId subject;
    private final Digest manifestDigest;
    private Boolean passed;
    private Instant createdAt;
    private final List<EvidenceResult> results = new ArrayList<>();
    private final List<EvidenceAttachment> attachments = new ArrayList<>();
    private final Map<String, String> properties = new TreeMap<>();

    private Builder(String kind, String suite, VersionId subject, Digest manifestDigest) {
      this.kind = requireKind(kind);
      this.suite = Names.requireText("suite", suite, EvidenceResult.MAX_NAME);
      this.subject = Objects.requireNonNull(subject, "subject");
      this.manifestDigest = Objects.requireNonNull(manifestDigest, "manifestDigest");
    }

    /**
     * Adds a result.
     *
     * @param result the result
     * @return this builder
     */
    public Builder result(EvidenceResult result) {
      results.add(Objects.requireNonNull(result, "result"));
      return this;
    }

    /**
     * Adds results.
     *
     * @param more the results
     * @return this builder
     */
    public Builder results(List<EvidenceResult> more) {
      more.forEach(this::result);
      return this;
    }

    /**
     * Adds an attachment stored with {@link dev.mlops.registry.ModelRegistry#storeEvidenceAttachment}.
     *
     * @param attachment the attachment
     * @return this builder
     */
    public Builder attachment(EvidenceAttachment attachment) {
      attachments.add(Objects.requireNonNull(attachment, "attachment"));
      return this;
    }

    /**
     * Records a fact about the run, such as the Java version or the commit.
     *
     * @param key the key (a tag key)
     * @param value the value (a tag value)
     * @return this builder
     * @throws InvalidInputException if the key or value is invalid
     */
    public Builder property(String key, String value) {
      properties.put(Names.requireTagKey(key), Names.requireTagValue(value));
      return this;
    }

    /**
     * Says whether the suite passed as a whole. Without it, the suite passed when it has at least
     * one result and every result passed.
     *
     * @param suitePassed whether it passed
     * @return this builder
     * @throws IllegalStateException if it was already set
     */
    public Builder passed(boolean suitePassed) {
      if (passed != null) {
        throw new IllegalStateException("passed was already set to " + passed);
      }
      passed = suitePassed;
      return this;
    }

    /**
     * Sets when the suite ran (default: now).
     *
     * @param at the time
     * @return this builder
     * @throws IllegalStateException if it was already set
     */
    public Builder createdAt(Instant at) {
      if (createdAt != null) {
        throw new IllegalStateException("createdAt was already set to " + createdAt);
      }
      createdAt = Objects.requireNonNull(at, "at");
      return this;
    }

    /**
     * Builds the evidence.
     *
     * @return the evidence
     * @throws InvalidInputException if it is said to pass while a result failed, or it has no result
     *     and was not said to pass or fail
     */
    public Evidence build() {
      boolean p;
      if (passed != null) {
        p = passed;
      } else if (results.isEmpty()) {
        throw new InvalidInputException("passed", "Evidence of suite '" + suite
            + "' has no result; say whether it passed with passed(boolean).");
      } else {
        p = results.stream().allMatch(EvidenceResult::passed);
      }
      return new Evidence(SCHEMA_VERSION, kind, suite, subject, manifestDigest, p,
          createdAt != null ? createdAt : Instant.now(), results, attachments, properties);
    }
  }
}
