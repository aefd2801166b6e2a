package dev.mlops.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects a model of the test class's registry (see {@link ModelTest}) by reference into a parameter
 * of type {@link dev.mlops.core.model.Predictor}, {@link dev.mlops.core.model.TabularPredictor} or
 * {@link dev.mlops.registry.ModelVersion}.
 *
 * <pre>{@code
 * @Test
 * void noRegression(@Model("fraud@challenger") TabularPredictor challenger,
 *                   @Model("fraud@champion") TabularPredictor champion, ...) { ... }
 * }</pre>
 *
 * <p>The reference is resolved when the parameter is injected (so a model registered by a
 * {@code @BeforeAll} method can be injected into the tests). A predictor is loaded verified, and closed
 * when the scope it was injected into ends (the test method, or the class for {@code @BeforeAll}
 * methods and constructors). A reference that does not resolve fails the test with a message naming
 * the parameter and the registry.
 *
 * <p>A reference may name a JUnit configuration parameter (or system property) as {@code ${parameter}}
 * or {@code ${parameter:default}}, most usefully {@link #CANDIDATE}, the version a {@link ModelTestGate}
 * tests: {@code @Model(Model.CANDIDATE) TabularPredictor candidate}. An unset parameter without a
 * default fails the test, saying how to set it.
 *
 * <p>An annotation: immutable and thread-safe.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Model {
  /**
   * The version under test: the configuration parameter {@value ModelTest#CANDIDATE_PROPERTY}, which
   * {@link ModelTestGate} sets (pass {@code -Dmlops.modelTest.candidate=name/version} to run the suite
   * alone).
   */
  String CANDIDATE = "${" + ModelTest.CANDIDATE_PROPERTY + "}";

  /**
   * The reference: {@code name}, {@code name/version} or {@code name@alias}.
   *
   * @return the reference
   */
  String value();
}
