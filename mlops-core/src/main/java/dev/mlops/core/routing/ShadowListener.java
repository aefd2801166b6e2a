package dev.mlops.core.routing;

/**
 * Told of every completed shadow call, on the shadow executor's thread: log it, or keep the pair for
 * an offline comparison. An exception it throws is caught and ignored.
 *
 * <p>Implementations must be thread-safe: with several shadow threads, calls are concurrent.
 *
 * @param <O> the output type
 */
@FunctionalInterface
public interface ShadowListener<O> {
  /**
   * Receives one shadow result.
   *
   * @param result the result
   */
  void onShadowResult(ShadowResult<O> result);
}
