package dev.mlops.core.routing;

/**
 * The rewards a bandit arm has received: their count, sum and sum of squares.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param variant the arm's variant name
 * @param count how many rewards
 * @param sum their sum
 * @param sumOfSquares the sum of their squares
 */
public record ArmStats(String variant, long count, double sum, double sumOfSquares) {

  /**
   * Returns the mean reward.
   *
   * @return the mean, or NaN with no reward yet
   */
  public double mean() {
    return count == 0 ? Double.NaN : sum / count;
  }

  ArmStats plus(double reward) {
    return new ArmStats(variant, count + 1, sum + reward, sumOfSquares + reward * reward);
  }
}
