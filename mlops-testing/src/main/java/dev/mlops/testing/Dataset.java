package dev.mlops.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects a CSV data set into a parameter of type {@link dev.mlops.monitoring.frame.Frame} or a
 * Tribuo {@link org.tribuo.Dataset}.
 *
 * <pre>{@code
 * @Test
 * void accurate(@Dataset(value = "classpath:/holdout.csv", label = "diagnosis") Frame holdout) { ... }
 * }</pre>
 *
 * <p><b>Location.</b> {@code classpath:/path} (a resource of the test's class path), {@code file:/path}
 * (a file URI), or a plain path (relative to the working directory).
 *
 * <p><b>Label column convention.</b> The column named by {@link #label()} is the label (the target);
 * when {@link #label()} is empty the <em>last</em> column of the header is the label. Every other
 * column is a numeric feature unless listed in {@link #categorical()}. The label column keeps its name
 * in a frame: categorical for classification, numeric when {@link #regression()} is true. A Tribuo data
 * set is a {@code Dataset<Label>} (classification) or a {@code Dataset<Regressor>} ({@link
 * #regression()}), holding every numeric feature column (categorical columns are left out, as Tribuo
 * features are numbers); it needs {@code tribuo-classification-core} or {@code tribuo-regression-core}
 * on the test class path. A missing value in a Tribuo data set is an error naming its row and column.
 *
 * <p>A data set is read once per test class and shared by all tests (frames are immutable).
 *
 * <p>An annotation: immutable and thread-safe.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Dataset {
  /**
   * Where the CSV file is: {@code classpath:/...}, {@code file:/...} or a path.
   *
   * @return the location
   */
  String value();

  /**
   * The label column; empty for the last column of the header.
   *
   * @return the label column's name, or empty
   */
  String label() default "";

  /**
   * Whether the label is a number to regress on rather than a class.
   *
   * @return true for regression
   */
  boolean regression() default false;

  /**
   * Feature columns to read as categories (text) rather than numbers.
   *
   * @return the column names
   */
  String[] categorical() default {};
}
