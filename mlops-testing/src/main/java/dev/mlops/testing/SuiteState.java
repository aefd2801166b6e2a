package dev.mlops.testing;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.NotFoundException;
import dev.mlops.core.artifact.VersionId;
import dev.mlops.monitoring.frame.Frame;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.evidence.Evidence;
import dev.mlops.registry.evidence.EvidenceAttachment;
import dev.mlops.registry.evidence.EvidenceRef;
import dev.mlops.registry.evidence.EvidenceResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one {@link ModelTest} class holds while it runs: the registry (opened on first use), the
 * temporary directory of a default registry, the data sets read, the versions injected and the tests'
 * outcomes. Closed (registry closed, temporary directory deleted) when the class's context ends.
 * Thread-safe: every method is synchronized.
 */
final class SuiteState implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SuiteState.class);

  /**
   * Where the registry and the reports come from, and where the evidence goes.
   *
   * @param registry the registry's store URI or directory; empty for a temporary one
   * @param reportDirectory where the JSON and HTML results go
   * @param suite the suite's name in the evidence
   * @param evidenceFor the references to attach evidence to (placeholders already substituted)
   * @param gate the gate running the class, if it runs under {@link ModelTestGate}: its registry, its
   *     candidate (always given the evidence) and its report directory win over everything else
   */
  record Settings(String registry, Path reportDirectory, String suite, List<String> evidenceFor,
      Optional<GateSession> gate) {}

  private final String ownerId;
  private final Class<?> testClass;
  private final Settings settings;
  private final Instant startedAt = Instant.now();
  private final Map<String, DatasetReader.Loaded> datasets = new LinkedHashMap<>();
  private final Map<String, ModelVersion> testedVersions = new LinkedHashMap<>();
  private final Map<String, ModelVersion> firstByReference = new LinkedHashMap<>();
  private final List<ModelTestReport.TestOutcome> outcomes = new ArrayList<>();
  private final Map<VersionId, EvidenceRef> evidenceRefs = new LinkedHashMap<>();
  private ModelRegistry registry;
  private boolean ownsRegistry;
  private Path temporaryRoot;

  SuiteState(String ownerId, Class<?> testClass, Settings settings) {
    this.ownerId = ownerId;
    this.testClass = testClass;
    this.settings = settings;
  }

  String ownerId() {
    return ownerId;
  }

  synchronized ModelRegistry registry() {
    if (registry == null) {
      String configured = settings.registry();
      ownsRegistry = settings.gate().isEmpty();
      if (settings.gate().isPresent()) {
        registry = settings.gate().get().registry();   // the gate's instance: the gate closes it
      } else if (configured.isEmpty()) {
        try {
          temporaryRoot = Files.createTempDirectory("mlops-model-test-");
        } catch (IOException e) {
          throw new UncheckedIOException("cannot create a temporary registry directory", e);
        }
        registry = ModelRegistry.open(temporaryRoot);
      } else {
        registry = ModelRegistry.open(toUri(configured));
      }
    }
    return registry;
  }

  /** A store URI, or a plain directory path for a file-system registry. */
  private static URI toUri(String configured) {
    if (configured.matches("^[a-zA-Z][a-zA-Z0-9+.-]+:.*") && !configured.matches("^[a-zA-Z]:[\\\\/].*")) {
      return URI.create(configured);
    }
    return Path.of(configured).toAbsolutePath().toUri();
  }

  synchronized ModelVersion resolveVersion(String ref, String where) {
    ModelRegistry r = registry();
    try {
      ModelVersion v = r.get(ref);
      testedVersions.putIfAbsent(ref + " -> " + v.id(), v);
      firstByReference.putIfAbsent(ref, v);
      return v;
    } catch (NotFoundException e) {
      throw new ParameterResolutionException(where + ": @Model(\"" + ref + "\") does not resolve in " + r + ": "
          + e.getMessage() + " Register the model first (for example in a @BeforeAll method that takes the "
          + "ModelRegistry), point @ModelTest(registry = ...) at the registry that holds it, or fix the reference.", e);
    } catch (InvalidInputException e) {
      throw new ParameterResolutionException(where + ": @Model(\"" + ref + "\") is not a reference: " + e.getMessage()
          + " Write name, name/version or name@alias.", e);
    }
  }

  synchronized DatasetReader.Loaded loaded(Dataset annotation, String where, Class<?> testClass) {
    String key = annotation.value() + "|" + annotation.label() + "|" + annotation.regression() + "|"
        + Arrays.toString(annotation.categorical());
    DatasetReader.Loaded loaded = datasets.get(key);
    if (loaded == null) {
      loaded = DatasetReader.read(annotation, where, testClass);
      datasets.put(key, loaded);
    }
    return loaded;
  }

  Frame frame(Dataset annotation, String where, Class<?> testClass) {
    return loaded(annotation, where, testClass).frame();
  }

  synchronized void addTest(ModelTestReport.TestOutcome outcome) {
    outcomes.add(outcome);
  }

  /**
   * Attaches the evidence the class asks for (and, under a gate, to the gate's candidate), then writes
   * the class's report and, under a gate, hands the outcome to it.
   */
  synchronized ModelTestReport finish() {
    List<ModelTestReport.TestedVersion> versions = new ArrayList<>();
    testedVersions.forEach((key, v) -> versions.add(new ModelTestReport.TestedVersion(
        key.substring(0, key.indexOf(" -> ")), v.name(), v.version(), v.manifestDigest().toString())));
    List<ModelTestReport.TestOutcome> tests = new ArrayList<>(outcomes);
    List<String> evidenceFor = new ArrayList<>(settings.evidenceFor());
    if (settings.gate().isPresent()) {
      VersionId candidate = settings.gate().get().candidate();
      evidenceFor.remove(candidate.toString());
      evidenceFor.add(0, candidate.toString());     // first: the gate needs it even if another reference fails
      if (testedVersions.values().stream().noneMatch(v -> v.id().equals(candidate))) {
        // Evidence on a version the suite never looked at would open the gate for nothing.
        tests.add(new ModelTestReport.TestOutcome(testClass.getName() + "#<candidate>", "the candidate was tested",
            "FAILED", Optional.of(candidateNotInjected(candidate)), List.of()));
      }
    }
    ModelTestReport report = new ModelTestReport(ModelTestReport.SCHEMA_VERSION, testClass.getName(), startedAt,
        Instant.now(), versions, tests, List.of());
    List<ModelTestReport.AttachedEvidence> attached = new ArrayList<>();
    try {
      for (String ref : evidenceFor) {
        attach(ref, report).ifPresent(attached::add);
      }
    } finally {
      report = new ModelTestReport(report.schemaVersion(), report.suite(), report.startedAt(), report.finishedAt(),
          report.testedVersions(), report.tests(), attached);
      Path json = ModelTestReports.write(report, settings.reportDirectory());
      Path html = settings.reportDirectory().resolve(report.suite() + ".html");
      if (settings.gate().isPresent()) {
        GateSession gate = settings.gate().get();
        EvidenceRef ref = evidenceRefs.get(gate.candidate());
        if (ref != null) {
          gate.complete(new GateSession.Outcome(report, ref, json, html));
        }
      }
    }
    return report;
  }

  /** Why a gate's suite that never injected the candidate fails. */
  static String candidateNotInjected(VersionId candidate) {
    return "the suite never injected the candidate " + candidate + "; take it with @Model(Model.CANDIDATE) (or @Model(\""
        + candidate + "\")) in at least one test";
  }

  /** Attaches the results to the version a reference names, once per version. */
  private Optional<ModelTestReport.AttachedEvidence> attach(String ref, ModelTestReport report) {
    ModelRegistry r = registry();
    ModelVersion v = firstByReference.get(ref);
    if (v == null) {
      try {
        v = r.get(ref);
      } catch (NotFoundException | InvalidInputException e) {
        throw new IllegalStateException("@ModelTest(attachEvidenceTo = \"" + ref + "\") of " + testClass.getName()
            + " does not resolve in " + r + ": " + e.getMessage() + " Fix the reference, or register the version first.", e);
      }
    }
    if (evidenceRefs.containsKey(v.id())) {
      return Optional.empty();
    }
    List<EvidenceResult> results = new ArrayList<>();
    for (ModelTestReport.TestOutcome t : report.tests()) {
      t.assertions().forEach(a -> results.add(a.toEvidenceResult()));
      boolean failedAssertion = t.assertions().stream().anyMatch(a -> !a.passed());
      if ((t.status().equals("FAILED") || t.status().equals("ABORTED")) && !failedAssertion) {
        String why = t.failure().orElse("no message");
        why = why.length() > 4000 ? why.substring(0, 4000) + "..." : why;
        results.add(new EvidenceResult("test " + truncate(t.displayName()), "test", 0, OptionalDouble.empty(),
            OptionalDouble.empty(), OptionalDouble.empty(), Optional.empty(), false,
            t.status().toLowerCase(Locale.ROOT) + ": " + why.replaceAll("[\\p{Cntrl}&&[^\n\t]]", " ")));
      }
    }
    EvidenceAttachment html = r.storeEvidenceAttachment("summary.html", "text/html",
        ModelTestReports.toHtml(report).getBytes(StandardCharsets.UTF_8));
    Evidence evidence = Evidence.builder(Evidence.MODEL_TEST, settings.suite(), v)
        .passed(report.passed())
        .createdAt(startedAt)
        .results(results)
        .attachment(html)
        .property("test-class", testClass.getName())
        .property("tests", Integer.toString(report.tests().size()))
        .property("tests-failed", Long.toString(report.tests().stream()
            .filter(t -> t.status().equals("FAILED") || t.status().equals("ABORTED")).count()))
        .build();
    EvidenceRef attached = r.attachEvidence(v.id().toString(), evidence);
    evidenceRefs.put(v.id(), attached);
    return Optional.of(new ModelTestReport.AttachedEvidence(ref, v.id().toString(), v.manifestDigest().toString(),
        attached.digest().toString(), evidence.passed()));
  }

  private static String truncate(String s) {
    String oneLine = s.replaceAll("\\p{Cntrl}", " ");
    return oneLine.length() > 400 ? oneLine.substring(0, 400) : oneLine;
  }

  @Override
  public synchronized void close() {
    if (registry != null) {
      if (ownsRegistry) {
        registry.close();
      }
      registry = null;
    }
    if (temporaryRoot != null) {
      try (Stream<Path> walk = Files.walk(temporaryRoot)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      } catch (IOException e) {
        LOG.warn("Could not delete the temporary registry {}: {}", temporaryRoot, e.toString());
      }
      temporaryRoot = null;
    }
  }
}
