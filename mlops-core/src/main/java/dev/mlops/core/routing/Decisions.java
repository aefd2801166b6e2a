package dev.mlops.core.routing;

/**
 * Reads the primitive encoding of a decision, the {@code long} that {@link Router#decide(CharSequence)}
 * returns without allocating. The same {@code long} is the decision id that
 * {@link Router#reward(long, double)} takes.
 *
 * <p>Layout: bits 0&ndash;7 the variant index, bits 8&ndash;11 the {@link Reason} ordinal, bits
 * 12&ndash;63 the router's decision sequence number (0, 1, 2, ... per router). A decision id is never
 * negative.
 *
 * <p>Stateless and thread-safe.
 */
public final class Decisions {
  private static final int VARIANT_BITS = 8;
  private static final int REASON_SHIFT = 8;
  private static final int SEQUENCE_SHIFT = 12;
  /** The largest sequence number an encoding holds. */
  public static final long MAX_SEQUENCE = (1L << 51) - 1;

  private Decisions() {}

  /**
   * Encodes a decision.
   *
   * @param sequence the decision's sequence number, in [0, {@link #MAX_SEQUENCE}]
   * @param variant the variant index, in [0, 255]
   * @param reason the reason
   * @return the encoding
   * @throws IllegalArgumentException if a component is out of range
   */
  public static long encode(long sequence, int variant, Reason reason) {
    if (sequence < 0 || sequence > MAX_SEQUENCE || variant < 0 || variant > 255) {
      throw new IllegalArgumentException("sequence or variant out of range");
    }
    return pack(sequence, variant, reason.ordinal());
  }

  static long pack(long sequence, int variant, int reason) {
    return sequence << SEQUENCE_SHIFT | (long) reason << REASON_SHIFT | variant;
  }

  /**
   * Returns the variant index.
   *
   * @param decision the encoding
   * @return the index into the router's variants
   */
  public static int variant(long decision) {
    return (int) (decision & ((1 << VARIANT_BITS) - 1));
  }

  /**
   * Returns the reason.
   *
   * @param decision the encoding
   * @return the reason
   * @throws IllegalArgumentException if the bits name no reason
   */
  public static Reason reason(long decision) {
    int r = reasonOrdinal(decision);
    if (r >= Reason.values().length) {
      throw new IllegalArgumentException("not a decision encoding: " + decision);
    }
    return Reason.of(r);
  }

  static int reasonOrdinal(long decision) {
    return (int) (decision >>> REASON_SHIFT & 0xf);
  }

  /**
   * Returns the sequence number.
   *
   * @param decision the encoding
   * @return the router's sequence number of the decision
   */
  public static long sequence(long decision) {
    return decision >>> SEQUENCE_SHIFT;
  }

  /**
   * Returns the same decision with another variant and reason (how a fallback is recorded).
   *
   * @param decision the encoding
   * @param variant the new variant index
   * @param reason the new reason
   * @return the new encoding, same sequence number
   */
  public static long with(long decision, int variant, Reason reason) {
    return encode(sequence(decision), variant, reason);
  }
}
