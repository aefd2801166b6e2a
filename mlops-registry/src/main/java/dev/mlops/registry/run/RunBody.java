package dev.mlops.registry.run;

/**
 * Training code run inside a run by {@link Tracking#run(String, String, RunBody)}; the exception it
 * throws reaches the caller unchanged (same instance, same type).
 *
 * @param <T> what the body returns
 * @param <E> the checked exception it may throw
 */
@FunctionalInterface
public interface RunBody<T, E extends Exception> {
  /**
   * Runs the body.
   *
   * @param run the open run to log into
   * @return the result
   * @throws E whatever the body throws
   */
  T apply(Run run) throws E;
}
