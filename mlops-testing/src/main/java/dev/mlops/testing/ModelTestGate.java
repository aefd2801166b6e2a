package dev.mlops.testing;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.mlops.core.Digest;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import dev.mlops.core.NotFoundException;
import dev.mlops.core.StoreException;
import dev.mlops.core.artifact.VersionId;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.evidence.EvidenceRef;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link ModelTest} suite in-process, through the JUnit Platform launcher, against one version of
 * a registry, and returns what happened: whether it passed, the tests run, failed and aborted with their
 * failure messages, and the {@link EvidenceRef} of the evidence the run attached to that exact version.
 * A service or batch job calls it before it moves an alias; a registry whose promotion policy requires
 * the suite's passing evidence then lets the alias move onto the version only if the gate passed.
 *
 * <pre>{@code
 * ModelTestGate.Result r = ModelTestGate.run(FraudModelTest.class, registry, "fraud/7");
 * if (r.passed()) {
 *   registry.setAlias("fraud", "champion", 7);   // the policy finds r.evidence() on fraud/7
 * }
 *
 * // with options, reusable for many candidates
 * ModelTestGate gate = ModelTestGate.builder(FraudModelTest.class)
 *     .registry(URI.create("file:/var/lib/models"))
 *     .reportDirectory(Path.of("reports/model-tests"))
 *     .configurationParameter("fraud.minRecall", "0.8")
 *     .build();
 * ModelTestGate.Result r7 = gate.run("fraud@challenger");          // pinned to fraud/N before it runs
 * }</pre>
 *
 * <p><b>How the suite learns what to test.</b> The gate resolves the candidate reference once to an exact
 * {@code name/version} and passes it as the configuration parameter {@value ModelTest#CANDIDATE_PROPERTY};
 * the suite takes it with {@code @Model(Model.CANDIDATE)}, and may refer to other versions as usual
 * ({@code @Model("fraud@champion")} for a no-regression check). The suite receives the gate's own
 * {@link ModelRegistry} instance (whatever its {@code @ModelTest(registry = ...)} says), so a registry of
 * any store, including {@code mem:}, is shared; a registry opened by the gate from a URI is closed when
 * the run ends, one passed in is the caller's. The suite's results always become evidence on the
 * candidate (besides any {@link ModelTest#attachEvidenceTo()}); a suite that never injects the candidate
 * fails, so a gate cannot pass on a version its tests did not look at.
 *
 * <p><b>What runs.</b> Only the JUnit Jupiter engine ({@code org.junit.jupiter:junit-jupiter-engine}, a
 * runtime dependency of this module) runs the class: jqwik properties in it are not run by the gate.
 * Configuration parameters given here are added to the usual ones (system properties and
 * {@code junit-platform.properties}).
 *
 * <p>Instances are immutable and thread-safe; each {@link #run(String)} launches the suite anew.
 */
public final class ModelTestGate {
  private static final Logger LOG = LoggerFactory.getLogger(ModelTestGate.class);
  private static final String JUPITER = "junit-jupiter";

  private final Class<?> suite;
  private final ModelRegistry registry;
  private final URI registryUri;
  private final Path reportDirectory;
  private final Map<String, String> parameters;

  private ModelTestGate(Builder b) {
    this.suite = b.suite;
    this.registry = b.registry;
    this.registryUri = b.registryUri;
    this.reportDirectory = b.reportDirectory != null ? b.reportDirectory : Path.of("target", "model-tests");
    this.parameters = Map.copyOf(b.parameters);
  }

  /**
   * Starts building a gate for a suite.
   *
   * @param suite a class annotated with {@link ModelTest} (directly, through an annotation, a superclass or
   *     an enclosing class)
   * @return a builder
   * @throws NullPointerException if the suite is null
   * @throws IllegalArgumentException if the class is not a {@code @ModelTest} suite
   */
  public static Builder builder(Class<?> suite) {
    return new Builder(requireSuite(suite));
  }

  /**
   * Runs a suite against a version of the registry a URI names; the registry is opened for the run and
   * closed after it.
   *
   * @param suite the {@link ModelTest} class
   * @param registry the registry's store URI ({@code file:/var/lib/models}, {@code jdbc:postgresql://...})
   * @param candidate the version under test: {@code name/version}, or a reference resolved once to one
   * @return the result
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the class is not a {@code @ModelTest} suite, or holds no test
   *     the Jupiter engine can run
   * @throws NotFoundException if the candidate is not in the registry
   * @throws InvalidInputException if the candidate is not a reference, or no store supports the URI
   * @throws StoreException if the registry cannot be read, or the evidence cannot be attached
   * @throws IllegalStateException if the suite could not attach its evidence for another reason
   */
  public static Result run(Class<?> suite, URI registry, String candidate) {
    return builder(suite).registry(registry).build().run(candidate);
  }

  /**
   * Runs a suite against a version of a registry the caller opened (and keeps open).
   *
   * @param suite the {@link ModelTest} class
   * @param registry the registry; the suite uses this instance
   * @param candidate the version under test: {@code name/version}, or a reference resolved once to one
   * @return the result
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the class is not a {@code @ModelTest} suite, or holds no test
   *     the Jupiter engine can run
   * @throws NotFoundException if the candidate is not in the registry
   * @throws InvalidInputException if the candidate is not a reference
   * @throws StoreException if the registry cannot be read, or the evidence cannot be attached
   * @throws IllegalStateException if the suite could not attach its evidence for another reason
   */
  public static Result run(Class<?> suite, ModelRegistry registry, String candidate) {
    return builder(suite).registry(registry).build().run(candidate);
  }

  /**
   * Runs the suite against a version: resolves the reference to an exact version, launches the suite
   * with it as {@value ModelTest#CANDIDATE_PROPERTY}, waits for it to end, and returns the outcome and the
   * evidence attached to the version.
   *
   * @param candidate the version under test: {@code name/version}, or {@code name@alias} / {@code name}
   *     resolved once, before the suite starts, to the version it names then
   * @return the result
   * @throws NullPointerException if the candidate is null
   * @throws IllegalArgumentException if the suite holds no test the Jupiter engine can run (no {@code @Test}
   *     method, an abstract class, an inner class)
   * @throws NotFoundException if the candidate is not in the registry
   * @throws InvalidInputException if the candidate is not a reference, or no store supports the URI
   * @throws StoreException if the registry cannot be read, or the evidence cannot be attached
   * @throws IllegalStateException if the JUnit Jupiter engine is missing, or the suite could not attach
   *     its evidence for another reason (the message says why)
   */
  public Result run(String candidate) {
    Objects.requireNonNull(candidate, "candidate");
    if (registry != null) {
      return runOn(registry, candidate);
    }
    try (ModelRegistry opened = ModelRegistry.open(registryUri)) {
      return runOn(opened, candidate);
    }
  }

  private Result runOn(ModelRegistry r, String candidate) {
    ModelVersion version = r.get(candidate);   // NotFoundException / InvalidInputException, typed and clear
    try (GateSession session = GateSession.open(r, version.id(), reportDirectory.toAbsolutePath())) {
      Map<String, String> config = new LinkedHashMap<>(parameters);
      config.put(ModelTest.CANDIDATE_PROPERTY, version.id().toString());
      config.put(ModelTest.REPORT_DIRECTORY_PROPERTY, session.reportDirectory().toString());
      config.put(GateSession.PARAMETER, session.id());
      LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
          .selectors(selectClass(suite))
          .filters(EngineFilter.includeEngines(JUPITER))
          .configurationParameters(config)
          .build();
      Launcher launcher = LauncherFactory.create();
      TestPlan plan = launcher.discover(request);
      if (plan.getRoots().isEmpty()) {
        throw new IllegalStateException("The JUnit Jupiter engine is not on the class path, so " + suite.getName()
            + " cannot run; add org.junit.jupiter:junit-jupiter-engine (a runtime dependency of mlops-testing) back.");
      }
      if (!plan.containsTests()) {
        throw new IllegalArgumentException(suite.getName() + " holds no test JUnit Jupiter can run: give it @Test methods, "
            + "and make it a concrete top-level or static nested class.");
      }
      SummaryGeneratingListener listener = new SummaryGeneratingListener();
      LOG.debug("Running model test suite {} on {} ({})", suite.getName(), version.id(), version.manifestDigest());
      launcher.execute(plan, listener);
      TestExecutionSummary summary = listener.getSummary();
      List<String> failures = new ArrayList<>();
      for (TestExecutionSummary.Failure f : summary.getFailures()) {
        failures.add(f.getTestIdentifier().getDisplayName() + ": " + f.getException().getMessage());
      }
      GateSession.Outcome outcome = session.outcome().orElseThrow(() -> notAttached(version.id(), summary, failures));
      boolean candidateTested = outcome.report().testedVersions().stream()
          .anyMatch(t -> t.name().equals(version.name()) && t.version() == version.version());
      if (!candidateTested) {
        failures.add(SuiteState.candidateNotInjected(version.id()));
      }
      boolean passed = outcome.report().passed() && summary.getTotalFailureCount() == 0;
      Result result = new Result(suite.getName(), version.id(), version.manifestDigest(), passed,
          summary.getTestsStartedCount(), summary.getTestsFailedCount(), summary.getTestsAbortedCount(), failures,
          outcome.evidence(), outcome.report(), outcome.json(), outcome.html());
      LOG.info("{}", result.summary());
      return result;
    }
  }

  /** The suite ended without evidence on the candidate: rethrow the store's typed error, else explain. */
  private RuntimeException notAttached(VersionId candidate, TestExecutionSummary summary, List<String> failures) {
    for (TestExecutionSummary.Failure f : summary.getFailures()) {
      for (Throwable t = f.getException(); t != null; t = t.getCause()) {
        if (t instanceof MlopsException m) {
          return m;
        }
      }
    }
    return new IllegalStateException("The model test suite " + suite.getName() + " ended without attaching its evidence to "
        + candidate + (failures.isEmpty() ? "" : "; its failures: " + String.join("; ", failures))
        + ". Fix the suite so that its class runs to the end.");
  }

  private static Class<?> requireSuite(Class<?> suite) {
    Objects.requireNonNull(suite, "suite");
    if (ModelTestExtension.findModelTest(suite) == null) {
      throw new IllegalArgumentException(suite.getName() + " is not a model test suite: annotate it with @ModelTest "
          + "(dev.mlops.testing.ModelTest), and take the version under test with @Model(Model.CANDIDATE).");
    }
    return suite;
  }

  @Override
  public String toString() {
    return "ModelTestGate[" + suite.getName() + " on " + (registry != null ? registry : registryUri) + "]";
  }

  /**
   * What one run of a gate found.
   *
   * <p>Immutable and thread-safe.
   *
   * @param suite the suite's class name
   * @param candidate the exact version tested
   * @param manifestDigest its manifest digest (the evidence is recorded against it)
   * @param passed whether every test ran and passed, at least one did, and the suite tested the candidate;
   *     the same verdict the evidence records, unless a class-level callback failed after the evidence was
   *     attached
   * @param testsRun the tests started
   * @param testsFailed the tests failed
   * @param testsAborted the tests aborted (for example by an assumption)
   * @param failures one line per failed test or class ({@code display name: message}), in order
   * @param evidence the evidence attached to the candidate (read it with
   *     {@link ModelRegistry#readEvidence(EvidenceRef)})
   * @param report the suite's full report: every test and assertion
   * @param jsonReport the JSON report file
   * @param htmlReport the HTML summary file
   */
  public record Result(String suite, VersionId candidate, Digest manifestDigest, boolean passed, long testsRun,
      long testsFailed, long testsAborted, List<String> failures, EvidenceRef evidence, ModelTestReport report,
      Path jsonReport, Path htmlReport) {

    /**
     * Validates and copies.
     *
     * @param suite the suite
     * @param candidate the candidate
     * @param manifestDigest the digest
     * @param passed the verdict
     * @param testsRun tests started
     * @param testsFailed tests failed
     * @param testsAborted tests aborted
     * @param failures the failure lines
     * @param evidence the evidence
     * @param report the report
     * @param jsonReport the JSON file
     * @param htmlReport the HTML file
     * @throws NullPointerException if an argument is null
     */
    public Result {
      Objects.requireNonNull(suite, "suite");
      Objects.requireNonNull(candidate, "candidate");
      Objects.requireNonNull(manifestDigest, "manifestDigest");
      failures = List.copyOf(failures);
      Objects.requireNonNull(evidence, "evidence");
      Objects.requireNonNull(report, "report");
      Objects.requireNonNull(jsonReport, "jsonReport");
      Objects.requireNonNull(htmlReport, "htmlReport");
    }

    /**
     * One line for a log: suite, version, verdict and counts.
     *
     * @return the line
     */
    public String summary() {
      return "model test gate " + suite + " on " + candidate + ": " + (passed ? "PASSED" : "FAILED") + " (" + testsRun
          + " tests run, " + testsFailed + " failed, " + testsAborted + " aborted); evidence " + evidence.digest();
    }
  }

  /**
   * Builds a {@link ModelTestGate}. A setter rejects null and a second call. Not thread-safe.
   */
  public static final class Builder {
    private final Class<?> suite;
    private ModelRegistry registry;
    private URI registryUri;
    private Path reportDirectory;
    private final Map<String, String> parameters = new LinkedHashMap<>();

    private Builder(Class<?> suite) {
      this.suite = suite;
    }

    /**
     * Runs the suite against a registry the caller opened and closes; the suite receives this instance.
     *
     * @param r the registry
     * @return this builder
     * @throws NullPointerException if the registry is null
     * @throws IllegalStateException if a registry was already set
     */
    public Builder registry(ModelRegistry r) {
      Objects.requireNonNull(r, "registry");
      requireNoRegistry();
      this.registry = r;
      return this;
    }

    /**
     * Runs the suite against the registry a store URI names, opened for each run and closed after it.
     *
     * @param uri the store URI
     * @return this builder
     * @throws NullPointerException if the URI is null
     * @throws IllegalStateException if a registry was already set
     */
    public Builder registry(URI uri) {
      Objects.requireNonNull(uri, "uri");
      requireNoRegistry();
      this.registryUri = uri;
      return this;
    }

    private void requireNoRegistry() {
      if (registry != null || registryUri != null) {
        throw new IllegalStateException("the registry was already set to " + (registry != null ? registry : registryUri));
      }
    }

    /**
     * Sets where the suite's JSON and HTML reports go ({@code <class name>.json} and {@code .html});
     * default {@code target/model-tests} under the working directory. It wins over the suite's
     * {@link ModelTest#reportDirectory()}.
     *
     * @param directory the directory
     * @return this builder
     * @throws NullPointerException if the directory is null
     * @throws IllegalStateException if it was already set
     */
    public Builder reportDirectory(Path directory) {
      Objects.requireNonNull(directory, "directory");
      if (reportDirectory != null) {
        throw new IllegalStateException("the report directory was already set to " + reportDirectory);
      }
      this.reportDirectory = directory;
      return this;
    }

    /**
     * Adds a JUnit configuration parameter for the suite (for example a threshold it reads with
     * {@code ${parameter:default}} or {@code ExtensionContext.getConfigurationParameter}).
     *
     * @param key the parameter
     * @param value its value
     * @return this builder
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the key is one the gate sets itself
     * @throws IllegalStateException if the key was already set
     */
    public Builder configurationParameter(String key, String value) {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
      if (key.equals(ModelTest.CANDIDATE_PROPERTY) || key.equals(GateSession.PARAMETER)
          || key.equals(ModelTest.REPORT_DIRECTORY_PROPERTY) || key.equals(ModelTest.REGISTRY_PROPERTY)) {
        throw new IllegalArgumentException(key + " is set by the gate; use run(candidate), registry(...) or reportDirectory(...)");
      }
      if (parameters.putIfAbsent(key, value) != null) {
        throw new IllegalStateException("the configuration parameter " + key + " was already set to " + parameters.get(key));
      }
      return this;
    }

    /**
     * Builds the gate.
     *
     * @return the gate
     * @throws IllegalStateException if no registry was set
     */
    public ModelTestGate build() {
      if (registry == null && registryUri == null) {
        throw new IllegalStateException("set the registry the suite runs against: registry(ModelRegistry) or registry(URI)");
      }
      return new ModelTestGate(this);
    }
  }
}
