package dev.mlops.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a JUnit 5 test class as a model test suite: its test methods (and {@code @BeforeAll} methods
 * and constructors) may receive a {@link dev.mlops.registry.ModelRegistry}, models by reference
 * ({@link Model}) and data sets ({@link Dataset}); every model assertion of
 * {@link dev.mlops.testing.assertions.ModelAssertions} made by a test is recorded; and after the class
 * runs, its results are written as JSON and as an HTML summary.
 *
 * <pre>{@code
 * @ModelTest
 * class FraudModelTest {
 *   @Test
 *   void accurateEnough(@Model("fraud@challenger") TabularPredictor model,
 *                       @Dataset(value = "classpath:/holdout.csv", label = "fraud") Frame holdout) {
 *     assertThatModel(model).on(holdout, "fraud").accuracy().lowerBound().isAtLeast(0.9);
 *   }
 * }
 * }</pre>
 *
 * <p><b>Registry.</b> The registry injected is, in this order: the one named by {@link #registry()},
 * the one named by the system property {@value #REGISTRY_PROPERTY}, or a new file-system registry in a
 * temporary directory that is deleted when the class ends. Either setting is a store URI as
 * {@link dev.mlops.registry.ModelRegistry#open(java.net.URI)} takes it ({@code file:/var/lib/models},
 * {@code mem:name}, {@code jdbc:postgresql://...}). One registry serves the whole class and is closed
 * when the class ends.
 *
 * <p><b>Results.</b> Written to {@code <directory>/<class name>.json} and {@code .html}, the directory
 * being {@link #reportDirectory()}, else the system property {@value #REPORT_DIRECTORY_PROPERTY}, else
 * {@code target/model-tests} under the working directory.
 *
 * <p><b>Evidence.</b> With {@link #attachEvidenceTo()}, the results are also attached to each named
 * version as {@link dev.mlops.registry.evidence.Evidence} of kind {@code model-test} (suite: {@link
 * #suite()}, else the class's simple name; the HTML summary as attachment {@code summary.html}), on the
 * exact version and manifest digest the reference resolved to when it was first injected (or, if it never
 * was, when the class ends). A registry promotion rule such as {@code
 * PromotionRule.forAlias("champion").requirePassingEvidence(Evidence.MODEL_TEST, "FraudModelTest")} then
 * lets the alias move only onto a version whose latest run of the suite passed. The evidence holds one
 * result per assertion, plus one per test that failed without a failed assertion.
 *
 * <p><b>The version under test.</b> A reference in {@link Model} or {@link #attachEvidenceTo()} may
 * name a JUnit configuration parameter (or system property) as {@code ${parameter}} or {@code
 * ${parameter:default}}; {@link Model#CANDIDATE} names {@value #CANDIDATE_PROPERTY}, the version a
 * {@link ModelTestGate} runs the suite for. Run by a gate, the suite uses the gate's registry instance,
 * report directory and candidate (which always receives the evidence, and which the suite must inject),
 * whatever the annotation says.
 *
 * <p>An annotation: immutable and thread-safe.
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(ModelTestExtension.class)
public @interface ModelTest {
  /** The system property naming the registry's store URI when {@link #registry()} is empty. */
  String REGISTRY_PROPERTY = "mlops.modelTest.registry";

  /**
   * The configuration parameter (or system property) naming the version under test, {@code name/version}
   * or {@code name@alias}; {@link ModelTestGate} sets it to the exact version it tests. Referred to as
   * {@link Model#CANDIDATE}.
   */
  String CANDIDATE_PROPERTY = "mlops.modelTest.candidate";

  /** The system property naming the report directory when {@link #reportDirectory()} is empty. */
  String REPORT_DIRECTORY_PROPERTY = "mlops.modelTest.reportDirectory";

  /**
   * The store URI of the registry to inject; empty for the system property or a temporary one.
   *
   * @return the URI, or empty
   */
  String registry() default "";

  /**
   * The directory the JSON and HTML results are written to; empty for the default.
   *
   * @return the directory, or empty
   */
  String reportDirectory() default "";

  /**
   * References of the versions ({@code name/version}, {@code name@alias}) to attach the results to as
   * evidence when the class ends; empty for none.
   *
   * @return the references
   */
  String[] attachEvidenceTo() default {};

  /**
   * The suite's name in the evidence; empty for the test class's simple name.
   *
   * @return the suite name, or empty
   */
  String suite() default "";
}
