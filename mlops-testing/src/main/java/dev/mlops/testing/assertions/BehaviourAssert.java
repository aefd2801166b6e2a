package dev.mlops.testing.assertions;

import dev.mlops.core.model.OutputKind;
import dev.mlops.core.model.Prediction;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A behavioural test in the CheckList style over the rows of a frame: an invariance test (the
 * perturbation must not change the prediction) or a directional expectation (the perturbation must
 * not move the score the wrong way; with {@link #strictly()}, it must move it the right way). Obtained from {@link ModelOnData#invariantTo} or
 * {@link ModelOnData#directional}; end it with {@link #holds()} or {@link #failureRateAtMost(double)}.
 *
 * <p>What fails a row: for invariance, a different predicted label (classification) or a value that
 * moved by more than the tolerance (regression); for a directional expectation, a score (the
 * probability of the chosen label, or the regression value) that moved against the direction by more
 * than the tolerance, or, when strict, one that did not move in the direction by more than the tolerance. The failure message names the test, the failure rate and the threshold, and
 * shows the first failing rows with their predictions before and after and the features that changed.
 *
 * <p>Not thread-safe: configure and end it on one thread.
 */
public final class BehaviourAssert {
  private final Evaluation eval;
  private final String name;
  private final Perturbation perturbation;
  private final Direction direction;
  private String scoreOf;
  private double tolerance;
  private boolean strict;

  BehaviourAssert(Evaluation eval, String name, Perturbation perturbation, Direction direction, String scoreOf) {
    this.eval = eval;
    this.name = Objects.requireNonNull(name, "name");
    this.perturbation = Objects.requireNonNull(perturbation, "perturbation");
    this.direction = direction;
    this.scoreOf = scoreOf;
  }

  /**
   * Sets how far a score or value may move without counting as a change (default 0).
   *
   * @param t the tolerance, at least 0
   * @return this
   * @throws IllegalArgumentException if t is negative or not a number
   */
  public BehaviourAssert withTolerance(double t) {
    if (!(t >= 0)) {
      throw new IllegalArgumentException("tolerance must be at least 0, got " + t);
    }
    this.tolerance = t;
    return this;
  }

  /**
   * Makes a directional expectation strict: a row also fails when its score does not move in the
   * direction by more than the tolerance (so a model that ignores the perturbed feature fails).
   *
   * @return this
   * @throws IllegalStateException if this is an invariance test
   */
  public BehaviourAssert strictly() {
    if (direction == null) {
      throw new IllegalStateException("strictly() applies to directional expectations, not to invariance tests.");
    }
    this.strict = true;
    return this;
  }

  /**
   * Sets the label whose probability a directional expectation follows (default: the positive class
   * set with {@link ModelOnData#withPositiveClass(String)}).
   *
   * @param label the label
   * @return this
   */
  public BehaviourAssert onScoreOf(String label) {
    this.scoreOf = Objects.requireNonNull(label, "label");
    return this;
  }

  /**
   * Asserts that no row fails.
   *
   * @return the recorded result
   * @throws ModelAssertionError if a row fails
   */
  public AssertionResult holds() {
    return failureRateAtMost(0.0);
  }

  /**
   * Asserts that at most this share of rows fails.
   *
   * @param maxRate the highest failure rate accepted, in [0, 1]
   * @return the recorded result
   * @throws ModelAssertionError if more rows fail
   * @throws IllegalArgumentException if maxRate is outside [0, 1]
   * @throws IllegalStateException if a directional expectation on a classifier has no label to follow
   */
  public AssertionResult failureRateAtMost(double maxRate) {
    if (!(maxRate >= 0 && maxRate <= 1)) {
      throw new IllegalArgumentException("maxRate must lie in [0, 1], got " + maxRate);
    }
    boolean classification = eval.kind != OutputKind.REGRESSION;
    if (direction != null && classification && scoreOf == null) {
      throw new IllegalStateException("A directional expectation on a classifier follows one label's probability: "
          + "call onScoreOf(label) or withPositiveClass(label) first.");
    }
    List<String> names = eval.features;
    List<double[]> changed = new ArrayList<>(eval.size());
    for (double[] row : eval.rows) {
      Map<String, Double> in = new LinkedHashMap<>();
      for (int j = 0; j < row.length; j++) {
        in.put(names.get(j), row[j]);
      }
      Map<String, Double> out = perturbation.apply(Collections.unmodifiableMap(in));
      double[] r = new double[names.size()];
      for (int j = 0; j < r.length; j++) {
        Double v = out.get(names.get(j));
        if (v == null) {
          throw new IllegalArgumentException("Perturbation '" + name + "' dropped feature '" + names.get(j)
              + "'; return every feature of the row.");
        }
        r[j] = v;
      }
      changed.add(r);
    }
    List<Prediction> after = eval.model.predictRows(changed);
    List<String> failing = new ArrayList<>();
    int failures = 0;
    for (int i = 0; i < eval.size(); i++) {
      Prediction before = eval.predictions.get(i);
      Prediction now = after.get(i);
      if (fails(before, now, classification)) {
        failures++;
        if (failing.size() < AssertionResult.MAX_ROWS) {
          failing.add(String.format(Locale.ROOT, "row %d: %s -> %s%s", i, Evaluation.describe(before, scoreOf),
              Evaluation.describe(now, scoreOf), changes(eval.rows.get(i), changed.get(i))));
        }
      }
    }
    int n = eval.size();
    double rate = n == 0 ? 0 : (double) failures / n;
    boolean passed = n > 0 && rate <= maxRate;
    String kind = direction == null ? "invariance" : "directional";
    String what = direction == null
        ? "prediction must not change" + (tolerance > 0 ? " by more than " + Checks.fmt(tolerance) : "")
        : (scoreOf == null ? "value" : "score[" + scoreOf + "]") + (strict
            ? " must go " + (direction == Direction.UP ? "up" : "down") + (tolerance > 0 ? " by more than " + Checks.fmt(tolerance) : "")
            : " must not go " + (direction == Direction.UP ? "down" : "up")
                + (tolerance > 0 ? " by more than " + Checks.fmt(tolerance) : ""));
    String title = kind + " '" + name + "': failure rate <= " + Checks.fmt(maxRate);
    String message = n == 0
        ? title + " cannot be checked: the data has no rows"
        : String.format(Locale.ROOT, "%s %s: %s (%s) on %d of %d rows: failure rate %s %s threshold %s, all rows%s",
            kind, "'" + name + "'", passed ? "held" : "failed", what, failures, n, Checks.fmt(rate), passed ? "<=" : ">",
            Checks.fmt(maxRate), Checks.rowsText(failing, failures));
    return Checks.enforce(new AssertionResult(title, kind, OptionalDouble.of(rate), OptionalDouble.empty(),
        OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.of(maxRate), Optional.empty(), passed, message,
        failing));
  }

  private boolean fails(Prediction before, Prediction now, boolean classification) {
    if (direction == null) {
      if (classification) {
        return !Evaluation.classification(before).label().equals(Evaluation.classification(now).label());
      }
      return Math.abs(Evaluation.value(now) - Evaluation.value(before)) > tolerance;
    }
    double b = classification ? Evaluation.classification(before).score(scoreOf) : Evaluation.value(before);
    double a = classification ? Evaluation.classification(now).score(scoreOf) : Evaluation.value(now);
    if (strict) {
      return direction == Direction.UP ? !(a > b + tolerance) : !(a < b - tolerance);
    }
    return direction == Direction.UP ? a < b - tolerance : a > b + tolerance;
  }

  private String changes(double[] before, double[] after) {
    StringBuilder b = new StringBuilder();
    int shown = 0;
    for (int j = 0; j < before.length; j++) {
      if (Double.compare(before[j], after[j]) != 0) {
        if (shown++ == 3) {
          b.append(", ...");
          break;
        }
        b.append(shown == 1 ? "; " : ", ").append(eval.features.get(j)).append(' ')
            .append(String.format(Locale.ROOT, "%.4g -> %.4g", before[j], after[j]));
      }
    }
    return b.toString();
  }
}
