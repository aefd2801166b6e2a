package dev.mlops.examples.batch;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the promotion gate's model test suite said about a candidate.
 *
 * <p>Immutable and thread-safe.
 *
 * @param suite the suite's name in the evidence
 * @param passed whether every test passed
 * @param tests the tests run
 * @param failed the tests that failed or aborted
 * @param failures one line per failed test: its name and message
 * @param evidence the digest of the evidence attached to the candidate, if the suite attached one
 * @param report the suite's JSON report, if it wrote one
 */
public record GateResult(String suite, boolean passed, long tests, long failed, List<String> failures,
    Optional<String> evidence, Optional<String> report) {

  /**
   * Validates and copies.
   *
   * @param suite the suite
   * @param passed whether it passed
   * @param tests tests run
   * @param failed tests failed
   * @param failures the failures
   * @param evidence the evidence digest, if any
   * @param report the report file, if any
   * @throws NullPointerException if an argument is null
   */
  public GateResult {
    Objects.requireNonNull(suite, "suite");
    failures = List.copyOf(failures);
    Objects.requireNonNull(evidence, "evidence");
    Objects.requireNonNull(report, "report");
  }
}
