package dev.mlops.core.routing;

import java.util.Objects;
import java.util.Optional;

/**
 * One shadow call, beside the primary's output it is compared with.
 *
 * <p>Instances are immutable and thread-safe (if the outputs are).
 *
 * @param decisionId the decision of the request the shadow call mirrored
 * @param shadow the shadow variant's name
 * @param primaryVariant the variant that answered the caller
 * @param primaryOutput what the caller got
 * @param output the shadow's output; empty if it failed or timed out
 * @param error the shadow's exception; empty if it answered
 * @param timedOut whether it exceeded the shadow timeout (its output, if any, is then ignored)
 * @param nanos how long the shadow call took
 * @param <O> the output type
 */
public record ShadowResult<O>(long decisionId, String shadow, String primaryVariant, O primaryOutput,
    Optional<O> output, Optional<Throwable> error, boolean timedOut, long nanos) {
  /**
   * Validates the components.
   *
   * @param decisionId the decision id
   * @param shadow the shadow's name
   * @param primaryVariant the primary's name
   * @param primaryOutput the primary's output
   * @param output the shadow's output
   * @param error the shadow's error
   * @param timedOut whether it timed out
   * @param nanos its duration
   */
  public ShadowResult {
    Objects.requireNonNull(shadow, "shadow");
    Objects.requireNonNull(primaryVariant, "primaryVariant");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(error, "error");
  }
}
