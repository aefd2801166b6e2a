package dev.mlops.examples.batch;

import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.evidence.Evidence;
import dev.mlops.registry.evidence.EvidenceRef;
import dev.mlops.testing.ModelTest;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.junit.platform.engine.discovery.DiscoverySelectors;

/**
 * Runs the promotion gate: the {@code @ModelTest} suite, in this process, through the JUnit Platform
 * launcher, against the job's registry; the suite attaches its results to the candidate as evidence.
 *
 * <p>Not thread-safe: it sets the {@code @ModelTest} system properties for the duration of the run.
 */
public final class GateStep {
  private GateStep() {}

  /**
   * Returns the name a suite's evidence carries: {@code @ModelTest(suite = ...)}, else the class's simple name.
   *
   * @param suite the suite class
   * @return the suite's name
   * @throws IllegalArgumentException if the class is not annotated with {@code @ModelTest}
   */
  public static String suiteName(Class<?> suite) {
    ModelTest annotation = suite.getAnnotation(ModelTest.class);
    if (annotation == null) {
      throw new IllegalArgumentException(suite.getName() + " is not a @ModelTest suite");
    }
    return annotation.suite().isEmpty() ? suite.getSimpleName() : annotation.suite();
  }

  /**
   * Runs the suite on the candidate (which {@code <model>@candidate} must point at).
   *
   * @param suite the suite class
   * @param registry the job's registry (read for the evidence afterwards)
   * @param registryUri the URI the suite opens the same registry with
   * @param candidate the candidate version
   * @param reportDirectory where the suite writes its JSON and HTML results
   * @return the outcome
   */
  public static GateResult run(Class<?> suite, ModelRegistry registry, URI registryUri, ModelVersion candidate,
      Path reportDirectory) {
    String name = suiteName(suite);
    List<EvidenceRef> before = registry.evidence(candidate.id().toString());
    String oldRegistry = System.setProperty(ModelTest.REGISTRY_PROPERTY, registryUri.toString());
    String oldReports = System.setProperty(ModelTest.REPORT_DIRECTORY_PROPERTY, reportDirectory.toString());
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    try {
      LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
          .selectors(DiscoverySelectors.selectClass(suite)).build();
      Launcher launcher = LauncherFactory.create();
      launcher.execute(request, listener);
    } finally {
      restore(ModelTest.REGISTRY_PROPERTY, oldRegistry);
      restore(ModelTest.REPORT_DIRECTORY_PROPERTY, oldReports);
    }
    TestExecutionSummary summary = listener.getSummary();
    List<String> failures = new ArrayList<>();
    for (TestExecutionSummary.Failure f : summary.getFailures()) {
      failures.add(f.getTestIdentifier().getDisplayName() + ": " + f.getException().getMessage());
    }
    Optional<EvidenceRef> attached = registry.evidence(candidate.id().toString()).stream()
        .filter(r -> !before.contains(r) && r.kind().equals(Evidence.MODEL_TEST))
        .filter(r -> registry.readEvidence(r).suite().equals(name))
        .max(Comparator.comparing(EvidenceRef::attachedAt));
    long failed = summary.getTotalFailureCount() + summary.getTestsAbortedCount();
    boolean passed = failed == 0 && summary.getTestsSucceededCount() > 0 && attached.isPresent()
        && registry.readEvidence(attached.get()).passed();
    Path report = reportDirectory.resolve(suite.getName() + ".json");
    return new GateResult(name, passed, summary.getTestsStartedCount(), failed, failures,
        attached.map(r -> r.digest().toString()), Files.exists(report) ? Optional.of(report.toString())
            : Optional.empty());
  }

  private static void restore(String key, String old) {
    if (old == null) {
      System.clearProperty(key);
    } else {
      System.setProperty(key, old);
    }
  }
}
