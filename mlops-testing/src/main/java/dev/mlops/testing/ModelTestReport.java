package dev.mlops.testing;

import dev.mlops.testing.assertions.AssertionResult;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The results of one run of a {@link ModelTest} class: its tests, their outcomes and every model
 * assertion they made, and the model versions injected (with their manifest digests). Written as JSON
 * (schema version {@value #SCHEMA_VERSION}) and as an HTML summary when the class ends.
 *
 * <p>Immutable and thread-safe.
 *
 * @param schemaVersion the JSON schema version
 * @param suite the test class's name
 * @param startedAt when the class started
 * @param finishedAt when it ended
 * @param testedVersions the versions injected with {@link Model}, in first-use order
 * @param tests the tests, in the order they finished
 * @param evidence the evidence attached to registry versions ({@link ModelTest#attachEvidenceTo()})
 */
public record ModelTestReport(
    int schemaVersion,
    String suite,
    Instant startedAt,
    Instant finishedAt,
    List<TestedVersion> testedVersions,
    List<TestOutcome> tests,
    List<AttachedEvidence> evidence) {

  /** The current JSON schema version. */
  public static final int SCHEMA_VERSION = 1;

  /**
   * Validates and copies.
   *
   * @param schemaVersion the schema version
   * @param suite the suite
   * @param startedAt the start
   * @param finishedAt the end
   * @param testedVersions the tested versions
   * @param tests the tests
   * @param evidence the attached evidence
   * @throws NullPointerException if an argument is null
   */
  public ModelTestReport {
    Objects.requireNonNull(suite, "suite");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(finishedAt, "finishedAt");
    testedVersions = List.copyOf(testedVersions);
    tests = List.copyOf(tests);
    evidence = List.copyOf(evidence);
  }

  /**
   * Whether the suite passed: at least one test ran, and none failed or was aborted.
   *
   * @return true when it passed
   */
  public boolean passed() {
    return tests.stream().anyMatch(t -> t.status().equals("PASSED"))
        && tests.stream().noneMatch(t -> t.status().equals("FAILED") || t.status().equals("ABORTED"));
  }

  /**
   * Returns every assertion of every test, in order.
   *
   * @return an immutable list
   */
  public List<AssertionResult> assertions() {
    return tests.stream().flatMap(t -> t.assertions().stream()).toList();
  }

  /**
   * A model version injected into the suite.
   *
   * <p>Immutable and thread-safe.
   *
   * @param reference the reference as written in {@link Model}
   * @param name the model name
   * @param version the version number it resolved to
   * @param manifestDigest the version's manifest digest ({@code sha256:...})
   */
  public record TestedVersion(String reference, String name, int version, String manifestDigest) {
    /**
     * Validates.
     *
     * @param reference the reference
     * @param name the name
     * @param version the version
     * @param manifestDigest the digest
     * @throws NullPointerException if an argument is null
     */
    public TestedVersion {
      Objects.requireNonNull(reference, "reference");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(manifestDigest, "manifestDigest");
    }
  }

  /**
   * One test of the suite.
   *
   * <p>Immutable and thread-safe.
   *
   * @param method the test method ({@code class#method})
   * @param displayName JUnit's display name
   * @param status {@code PASSED}, {@code FAILED}, {@code ABORTED} or {@code DISABLED}
   * @param failure the failure message, or the reason it was disabled or aborted
   * @param assertions the model assertions it made, in order
   */
  public record TestOutcome(
      String method, String displayName, String status, Optional<String> failure, List<AssertionResult> assertions) {
    /**
     * Validates and copies.
     *
     * @param method the method
     * @param displayName the display name
     * @param status the status
     * @param failure the failure
     * @param assertions the assertions
     * @throws NullPointerException if an argument is null
     */
    public TestOutcome {
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(displayName, "displayName");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(failure, "failure");
      assertions = List.copyOf(assertions);
    }
  }

  /**
   * Evidence the suite attached to a registry version.
   *
   * <p>Immutable and thread-safe.
   *
   * @param reference the reference as written in {@link ModelTest#attachEvidenceTo()}
   * @param version the version it was attached to ({@code name/version})
   * @param manifestDigest that version's manifest digest
   * @param evidenceDigest the digest of the evidence document in the blob store
   * @param passed whether the evidence says the suite passed
   */
  public record AttachedEvidence(String reference, String version, String manifestDigest, String evidenceDigest,
      boolean passed) {
    /**
     * Validates.
     *
     * @param reference the reference
     * @param version the version
     * @param manifestDigest the manifest digest
     * @param evidenceDigest the evidence digest
     * @param passed the outcome
     * @throws NullPointerException if an argument is null
     */
    public AttachedEvidence {
      Objects.requireNonNull(reference, "reference");
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(manifestDigest, "manifestDigest");
      Objects.requireNonNull(evidenceDigest, "evidenceDigest");
    }
  }
}
