package dev.mlops.core.routing;

/**
 * Told of every decision a router makes, so the host can log the exposure (the unit saw this
 * variant) or count it for a sample-ratio check.
 *
 * <p>Called on the deciding thread, inside {@link Router#decide(CharSequence)}: keep it short and
 * non-blocking (hand the event to a queue or increment a counter). The decision is passed in its
 * primitive encoding (read it with {@link Decisions}) so the call allocates nothing. An exception
 * it throws is caught, counted ({@link Router#listenerFailures()}) and does not affect the decision.
 *
 * <p>Implementations must be thread-safe: decisions are made on many threads at once.
 */
@FunctionalInterface
public interface ExposureListener {
  /** A listener that does nothing. */
  ExposureListener NONE = (unitId, decision) -> {};

  /**
   * Records one exposure.
   *
   * @param unitId the unit the decision was made for
   * @param decision the decision's primitive encoding, which is also its id
   */
  void onExposure(CharSequence unitId, long decision);
}
