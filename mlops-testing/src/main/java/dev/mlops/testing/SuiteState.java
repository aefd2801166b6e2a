package dev.mlops.testing;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.NotFoundException;
import dev.mlops.monitoring.frame.Frame;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  /** Where the registry and the reports come from. */
  record Settings(String registry, Path reportDirectory) {}

  private final String ownerId;
  private final Class<?> testClass;
  private final Settings settings;
  private final Instant startedAt = Instant.now();
  private final Map<String, DatasetReader.Loaded> datasets = new LinkedHashMap<>();
  private final Map<String, ModelVersion> testedVersions = new LinkedHashMap<>();
  private final List<ModelTestReport.TestOutcome> outcomes = new ArrayList<>();
  private ModelRegistry registry;
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
      if (configured.isEmpty()) {
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

  /** Writes the class's report. */
  synchronized ModelTestReport finish() {
    List<ModelTestReport.TestedVersion> versions = new ArrayList<>();
    testedVersions.forEach((key, v) -> versions.add(new ModelTestReport.TestedVersion(
        key.substring(0, key.indexOf(" -> ")), v.name(), v.version(), v.manifestDigest().toString())));
    ModelTestReport report = new ModelTestReport(ModelTestReport.SCHEMA_VERSION, testClass.getName(), startedAt,
        Instant.now(), versions, outcomes);
    ModelTestReports.write(report, settings.reportDirectory());
    return report;
  }

  @Override
  public synchronized void close() {
    if (registry != null) {
      registry.close();
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
