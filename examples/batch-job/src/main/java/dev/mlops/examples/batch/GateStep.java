package dev.mlops.examples.batch;

import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.testing.ModelTest;
import dev.mlops.testing.ModelTestGate;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Runs the promotion gate: the {@code @ModelTest} suite, in this process, with {@link ModelTestGate} against
 * the job's own registry instance and the candidate's exact version; the suite's results are attached to that
 * version as {@code model-test} evidence, which the registry's promotion policy reads when {@code @champion} is
 * asked to move.
 *
 * <p>Stateless and thread-safe.
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
      throw new IllegalArgumentException(suite.getName() + " is not a @ModelTest suite: annotate it with @ModelTest "
          + "and take the version under test with @Model(Model.CANDIDATE)");
    }
    return annotation.suite().isEmpty() ? suite.getSimpleName() : annotation.suite();
  }

  /**
   * Runs the suite on the candidate.
   *
   * @param suite the suite class
   * @param registry the job's registry (the suite uses this instance)
   * @param candidate the candidate version
   * @param reportDirectory where the suite writes its JSON and HTML results
   * @return the outcome
   * @throws IllegalStateException if the suite could not attach its evidence (the message says why)
   * @throws dev.mlops.core.StoreException if the registry cannot be read or written
   */
  public static GateResult run(Class<?> suite, ModelRegistry registry, ModelVersion candidate, Path reportDirectory) {
    ModelTestGate.Result r = ModelTestGate.builder(suite).registry(registry).reportDirectory(reportDirectory).build()
        .run(candidate.id().toString());
    return new GateResult(suiteName(suite), r.passed(), r.testsRun(), r.testsFailed() + r.testsAborted(),
        r.failures(), Optional.of(r.evidence().digest().toString()), Optional.of(r.jsonReport().toString()));
  }
}
