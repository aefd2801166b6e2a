package dev.mlops.core.routing;

import java.util.Objects;

/**
 * A decision in object form: the variant, why, and the decision id to send feedback with. The
 * convenience form of {@link Router#decision(CharSequence)}; the allocation-free forms are the
 * {@code long} of {@link Router#decide(CharSequence)} and a {@link DecisionHolder}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param variant the variant's name
 * @param variantIndex the variant's index in the router
 * @param reason why it was chosen
 * @param id the decision id (its primitive encoding, see {@link Decisions})
 */
public record Decision(String variant, int variantIndex, Reason reason, long id) {
  /**
   * Validates the components.
   *
   * @param variant the variant's name
   * @param variantIndex the index
   * @param reason the reason
   * @param id the decision id
   */
  public Decision {
    Objects.requireNonNull(variant, "variant");
    Objects.requireNonNull(reason, "reason");
    if (variantIndex < 0 || id < 0) {
      throw new IllegalArgumentException("variantIndex and id are not negative");
    }
  }

  /**
   * Returns the decision's sequence number in its router.
   *
   * @return the sequence number
   */
  public long sequence() {
    return Decisions.sequence(id);
  }
}
