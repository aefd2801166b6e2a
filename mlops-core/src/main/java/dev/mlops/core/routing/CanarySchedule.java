package dev.mlops.core.routing;

import dev.mlops.core.InvalidInputException;
import java.util.List;

/**
 * The steps through which a canary's share of traffic ramps, in percent, for example
 * {@code 1, 5, 25, 50, 100}. Moving from one step to the next with {@link Router#setWeights(double...)}
 * moves only the units the larger share requires (ramp coverage); a canary controller in
 * {@code mlops-monitoring} advances the steps while the guardrails hold.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param percents the challenger's share at each step, strictly increasing, in (0, 100]
 */
public record CanarySchedule(List<Double> percents) {
  /**
   * Validates and copies the steps.
   *
   * @param percents the steps
   * @throws InvalidInputException if the steps are empty, not increasing or out of (0, 100]
   */
  public CanarySchedule {
    percents = List.copyOf(percents);
    if (percents.isEmpty()) {
      throw new InvalidInputException("percents", "A canary schedule has at least one step.");
    }
    double last = 0;
    for (double p : percents) {
      if (!(p > last) || p > 100) {
        throw new InvalidInputException("percents",
            "Canary steps increase strictly within (0, 100]; got " + percents + ".");
      }
      last = p;
    }
  }

  /**
   * The usual ramp: 1%, 5%, 25%, 50%, 100%.
   *
   * @return the schedule
   */
  public static CanarySchedule standard() {
    return of(1, 5, 25, 50, 100);
  }

  /**
   * A schedule from its steps.
   *
   * @param percents the steps, in percent
   * @return the schedule
   * @throws InvalidInputException if the steps are invalid
   */
  public static CanarySchedule of(double... percents) {
    return new CanarySchedule(java.util.Arrays.stream(percents).boxed().toList());
  }

  /**
   * Returns the number of steps.
   *
   * @return the count
   */
  public int steps() {
    return percents.size();
  }

  /**
   * Returns a step's challenger share.
   *
   * @param step the step, from 0
   * @return the share in percent
   * @throws IndexOutOfBoundsException if there is no such step
   */
  public double percent(int step) {
    return percents.get(step);
  }

  /**
   * Returns the weights of a two-variant router {@code [stable, canary]} at a step.
   *
   * @param step the step, from 0; -1 for "before the first step" (canary at 0)
   * @return the two weights, summing to 100
   * @throws IndexOutOfBoundsException if the step is below -1 or past the last
   */
  public double[] weights(int step) {
    double canary = step < 0 ? 0 : percent(step);
    if (step < -1) {
      throw new IndexOutOfBoundsException(step);
    }
    return new double[] {100 - canary, canary};
  }

  /**
   * Tells whether a step is the last.
   *
   * @param step the step
   * @return whether no step follows it
   */
  public boolean isLast(int step) {
    return step == percents.size() - 1;
  }
}
