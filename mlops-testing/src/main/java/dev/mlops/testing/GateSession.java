package dev.mlops.testing;

import dev.mlops.core.artifact.VersionId;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.evidence.EvidenceRef;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One run of a suite by {@link ModelTestGate}: the registry instance the gate hands to the suite, the
 * pinned version under test, where the reports go, and, once the suite's class has ended, what it
 * produced. The launcher only passes strings to the extension, so the session is registered under a
 * random id that travels as the configuration parameter {@value #PARAMETER}. Thread-safe.
 */
final class GateSession implements AutoCloseable {
  /** The configuration parameter naming a live session (internal to the gate and the extension). */
  static final String PARAMETER = "mlops.modelTest.gateSession";

  private static final Map<String, GateSession> LIVE = new ConcurrentHashMap<>();

  private final String id = UUID.randomUUID().toString();
  private final ModelRegistry registry;
  private final VersionId candidate;
  private final Path reportDirectory;
  private volatile Outcome outcome;

  /**
   * What the suite's class produced.
   *
   * @param report the suite's report
   * @param evidence the evidence attached to the candidate
   * @param json the JSON report file
   * @param html the HTML report file
   */
  record Outcome(ModelTestReport report, EvidenceRef evidence, Path json, Path html) {}

  private GateSession(ModelRegistry registry, VersionId candidate, Path reportDirectory) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.candidate = Objects.requireNonNull(candidate, "candidate");
    this.reportDirectory = Objects.requireNonNull(reportDirectory, "reportDirectory");
  }

  /** Opens a session; close it when the launcher returns. */
  static GateSession open(ModelRegistry registry, VersionId candidate, Path reportDirectory) {
    GateSession s = new GateSession(registry, candidate, reportDirectory);
    LIVE.put(s.id, s);
    return s;
  }

  /** The live session a configuration parameter names, if any. */
  static Optional<GateSession> find(Optional<String> id) {
    return id.map(LIVE::get);
  }

  String id() {
    return id;
  }

  ModelRegistry registry() {
    return registry;
  }

  VersionId candidate() {
    return candidate;
  }

  Path reportDirectory() {
    return reportDirectory;
  }

  void complete(Outcome o) {
    outcome = o;
  }

  Optional<Outcome> outcome() {
    return Optional.ofNullable(outcome);
  }

  @Override
  public void close() {
    LIVE.remove(id);
  }
}
