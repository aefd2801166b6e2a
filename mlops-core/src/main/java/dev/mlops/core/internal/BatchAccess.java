package dev.mlops.core.internal;

import dev.mlops.core.model.BatchPrediction;
import dev.mlops.core.model.ScoreNames;
import java.util.Objects;

/**
 * Not API: builds {@link BatchPrediction}s that take ownership of fresh arrays instead of copying them,
 * for the predictors of mlops-core that allocate a new score matrix per batch (ONNX Runtime's output
 * read into an array of its own). The arrays handed over must be fresh and never written or shared
 * afterwards: the batch stays immutable only if its builder keeps that promise. Everyone else uses
 * {@link BatchPrediction}'s public factories, which copy.
 *
 * <p>Installed once by {@link BatchPrediction} when that class is initialised (the pattern of the JDK's
 * shared secrets); thread-safe.
 */
public final class BatchAccess {
  /** What {@link BatchPrediction} lends: its factories without the defensive copies. */
  public interface Adopter {
    /**
     * Builds a classification batch over the given arrays, which it keeps.
     *
     * @param names the labels, in the matrix's column order
     * @param scores the score matrix, row-major; owned by the batch from now on
     * @param predicted each row's predicted label position; owned by the batch from now on
     * @return the batch
     * @throws IllegalArgumentException if the shapes disagree
     * @throws IndexOutOfBoundsException if a predicted position is not a label's
     */
    BatchPrediction classifications(ScoreNames names, float[] scores, int[] predicted);

    /**
     * Builds a regression batch over the given array, which it keeps.
     *
     * @param names the output dimensions, in the matrix's column order
     * @param values the value matrix, row-major; owned by the batch from now on
     * @param rows the number of rows
     * @return the batch
     * @throws IllegalArgumentException if the shapes disagree
     */
    BatchPrediction regressions(ScoreNames names, float[] values, int rows);
  }

  private static volatile Adopter adopter;

  private BatchAccess() {}

  /**
   * Installs the adopter; called once, by {@link BatchPrediction}'s static initialiser.
   *
   * @param a the adopter
   * @throws IllegalStateException if one is installed already
   */
  public static synchronized void install(Adopter a) {
    Objects.requireNonNull(a, "a");
    if (adopter != null) {
      throw new IllegalStateException("the batch adopter is installed once, by BatchPrediction");
    }
    adopter = a;
  }

  /**
   * Returns the adopter, initialising {@link BatchPrediction} if needed.
   *
   * @return the adopter
   */
  public static Adopter adopter() {
    Adopter a = adopter;
    if (a == null) {
      try {
        Class.forName(BatchPrediction.class.getName(), true, BatchPrediction.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
      a = adopter;
    }
    return a;
  }
}
