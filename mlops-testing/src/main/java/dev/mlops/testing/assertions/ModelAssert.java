package dev.mlops.testing.assertions;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.model.Prediction;
import dev.mlops.core.model.TabularPredictor;
import dev.mlops.monitoring.frame.Frame;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Assertions on one model: pick data with {@link #on(Frame, String)}, or check minimum functionality
 * cases directly. Obtained from {@link ModelAssertions#assertThatModel(TabularPredictor)}.
 *
 * <p>Immutable and thread-safe.
 */
public final class ModelAssert {
  private final TabularPredictor model;

  ModelAssert(TabularPredictor model) {
    this.model = Objects.requireNonNull(model, "model");
  }

  /**
   * Scores the model on labelled data.
   *
   * @param data the rows: a numeric column per feature of the model's schema, and the label column
   * @param labelColumn the label column (text for classification, numbers for regression)
   * @return the model on the data
   * @throws InvalidInputException if a feature column or the label column is missing, of the wrong
   *     type, or has a missing value
   */
  public ModelOnData on(Frame data, String labelColumn) {
    return new ModelOnData(new Evaluation(model, data, Objects.requireNonNull(labelColumn, "labelColumn")));
  }

  /**
   * Scores the model on unlabelled data, for behavioural tests and fairness gaps that need no labels.
   *
   * @param data the rows: a numeric column per feature of the model's schema
   * @return the model on the data
   * @throws InvalidInputException if a feature column is missing, of the wrong type, or has a missing value
   */
  public ModelOnData on(Frame data) {
    return new ModelOnData(new Evaluation(model, data, null));
  }

  /**
   * Asserts that the model gets every minimum functionality case right.
   *
   * @param cases the cases
   * @return the recorded result
   * @throws ModelAssertionError listing the cases it gets wrong
   * @throws InvalidInputException if a case's input does not match the model's schema
   */
  public AssertionResult passesMinimumFunctionality(List<FunctionalityCase> cases) {
    List<String> failing = new ArrayList<>();
    for (FunctionalityCase c : cases) {
      Prediction p;
      try {
        p = model.predict(c.features());
      } catch (InvalidInputException e) {
        throw new InvalidInputException(e.field(), "Case '" + c.name() + "': " + e.getMessage());
      }
      boolean ok;
      String expected;
      if (c.expectedLabel() != null) {
        ok = Evaluation.classification(p).label().equals(c.expectedLabel());
        expected = c.expectedLabel();
      } else {
        double v = Evaluation.value(p);
        ok = v >= c.min() && v <= c.max();
        expected = "[" + Checks.fmt(c.min()) + ", " + Checks.fmt(c.max()) + "]";
      }
      if (!ok) {
        failing.add(String.format(Locale.ROOT, "case '%s': expected %s, predicted %s", c.name(), expected,
            Evaluation.describe(p, c.expectedLabel())));
      }
    }
    int n = cases.size();
    double rate = n == 0 ? 0 : (double) failing.size() / n;
    boolean passed = n > 0 && failing.isEmpty();
    String message = n == 0 ? "minimum functionality: no cases given"
        : String.format(Locale.ROOT, "minimum functionality: %d of %d cases %s (failure rate %s, threshold 0)%s",
            passed ? n : failing.size(), n, passed ? "pass" : "fail", Checks.fmt(rate), Checks.rowsText(failing, failing.size()));
    return Checks.enforce(new AssertionResult("minimum functionality: every case passes", "minimum functionality",
        OptionalDouble.of(rate), OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.of(0),
        Optional.empty(), passed, message, failing));
  }
}
