package dev.mlops.monitoring.drift;

/**
 * The missing-value check of a column, separate from its distribution test: the share of missing
 * rows on each side and whether the current share grew by more than the allowed increase.
 * Immutable and thread-safe.
 *
 * @param referenceShare missing rows / rows in the reference, in [0, 1] (0 for an empty side)
 * @param currentShare missing rows / rows in the current data, in [0, 1]
 * @param maxIncrease the allowed absolute increase of the share
 * @param drifted whether {@code currentShare - referenceShare > maxIncrease}
 */
public record MissingCheck(double referenceShare, double currentShare, double maxIncrease, boolean drifted) {
  /**
   * Validates the check.
   *
   * @param referenceShare missing rows / rows in the reference, in [0, 1] (0 for an empty side)
   * @param currentShare missing rows / rows in the current data, in [0, 1]
   * @param maxIncrease the allowed absolute increase of the share
   * @param drifted whether {@code currentShare - referenceShare > maxIncrease}
   * @throws IllegalArgumentException if a share is outside [0, 1] or NaN
   */
  public MissingCheck {
    if (!(referenceShare >= 0 && referenceShare <= 1 && currentShare >= 0 && currentShare <= 1)) {
      throw new IllegalArgumentException("missing shares must lie in [0, 1]");
    }
  }

  static MissingCheck of(long referenceMissing, long referenceRows, long currentMissing, long currentRows,
      double maxIncrease) {
    double r = referenceRows == 0 ? 0.0 : (double) referenceMissing / referenceRows;
    double c = currentRows == 0 ? 0.0 : (double) currentMissing / currentRows;
    return new MissingCheck(r, c, maxIncrease, c - r > maxIncrease);
  }
}
