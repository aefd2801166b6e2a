package dev.mlops.core.routing;

/**
 * A caller-owned, reusable holder a router writes a decision into without allocating
 * ({@link Router#decide(CharSequence, DecisionHolder)}). Keep one per thread (or per request).
 *
 * <pre>{@code
 * DecisionHolder d = new DecisionHolder();   // once per thread
 * router.decide(userId, d);
 * serve(d.variant());
 * }</pre>
 *
 * <p>Not thread-safe: a holder is written and read by one thread at a time.
 */
public final class DecisionHolder {
  private String variant = "";
  private int variantIndex = -1;
  private Reason reason = Reason.WEIGHTED;
  private long id = -1;

  /** Creates an empty holder; {@link #isSet()} is false until a router writes into it. */
  public DecisionHolder() {}

  void set(String variantName, int index, Reason why, long decisionId) {
    this.variant = variantName;
    this.variantIndex = index;
    this.reason = why;
    this.id = decisionId;
  }

  /**
   * Tells whether a decision was written.
   *
   * @return whether the holder holds a decision
   */
  public boolean isSet() {
    return id >= 0;
  }

  /**
   * Returns the variant's name.
   *
   * @return the name; empty before the first decision
   */
  public String variant() {
    return variant;
  }

  /**
   * Returns the variant's index.
   *
   * @return the index; -1 before the first decision
   */
  public int variantIndex() {
    return variantIndex;
  }

  /**
   * Returns why the variant was chosen.
   *
   * @return the reason
   */
  public Reason reason() {
    return reason;
  }

  /**
   * Returns the decision id.
   *
   * @return the id; -1 before the first decision
   */
  public long id() {
    return id;
  }

  /**
   * Copies the decision into its object form.
   *
   * @return the decision
   * @throws IllegalStateException if no decision was written yet
   */
  public Decision toDecision() {
    if (!isSet()) {
      throw new IllegalStateException("no decision was written into this holder yet");
    }
    return new Decision(variant, variantIndex, reason, id);
  }
}
