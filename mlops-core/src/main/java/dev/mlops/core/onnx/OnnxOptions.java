package dev.mlops.core.onnx;

import java.util.Objects;

/**
 * How ONNX Runtime sessions are set up: thread pools and graph optimisation. The defaults are ONNX
 * Runtime's own (its thread pools sized to the machine, every optimisation).
 *
 * <pre>{@code
 * OnnxOptions options = OnnxOptions.builder().intraOpThreads(1).optimization(OnnxOptions.Optimization.BASIC).build();
 * ModelRegistry registry = ModelRegistry.builder().uri(uri).loader(OnnxPredictorLoader.of(options)).build();
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class OnnxOptions {
  /** ONNX Runtime's graph optimisation levels. */
  public enum Optimization {
    /** No graph optimisation. */
    NONE,
    /** Basic optimisations: constant folding, redundant node removal. */
    BASIC,
    /** Basic plus extended (node fusions). */
    EXTENDED,
    /** Every optimisation, layout ones included (ONNX Runtime's default). */
    ALL
  }

  private static final OnnxOptions DEFAULTS = builder().build();

  private final int intraOpThreads;
  private final int interOpThreads;
  private final Optimization optimization;

  private OnnxOptions(Builder b) {
    this.intraOpThreads = b.intraOpThreads;
    this.interOpThreads = b.interOpThreads;
    this.optimization = b.optimization != null ? b.optimization : Optimization.ALL;
  }

  /**
   * Returns ONNX Runtime's defaults.
   *
   * @return the default options
   */
  public static OnnxOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Starts building options.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the threads one operator may use; 0 lets ONNX Runtime choose.
   *
   * @return the intra-op thread count
   */
  public int intraOpThreads() {
    return intraOpThreads;
  }

  /**
   * Returns the threads that run independent operators in parallel; 0 lets ONNX Runtime choose.
   *
   * @return the inter-op thread count
   */
  public int interOpThreads() {
    return interOpThreads;
  }

  /**
   * Returns the graph optimisation level.
   *
   * @return the level
   */
  public Optimization optimization() {
    return optimization;
  }

  @Override
  public String toString() {
    return "OnnxOptions[intraOpThreads=" + intraOpThreads + ", interOpThreads=" + interOpThreads + ", optimization="
        + optimization + "]";
  }

  /** Builds {@link OnnxOptions}. Not thread-safe. */
  public static final class Builder {
    private int intraOpThreads;
    private int interOpThreads;
    private boolean intraSet;
    private boolean interSet;
    private Optimization optimization;

    private Builder() {}

    /**
     * Sets how many threads one operator may use (ONNX Runtime's intra-op pool).
     *
     * @param threads 1 or more; 0 lets ONNX Runtime choose
     * @return this builder
     * @throws IllegalArgumentException if negative
     * @throws IllegalStateException if already set
     */
    public Builder intraOpThreads(int threads) {
      if (intraSet) {
        throw new IllegalStateException("intraOpThreads was already set to " + intraOpThreads);
      }
      if (threads < 0) {
        throw new IllegalArgumentException("threads must be 0 (ONNX Runtime chooses) or more: " + threads);
      }
      intraOpThreads = threads;
      intraSet = true;
      return this;
    }

    /**
     * Sets how many threads run independent operators in parallel (ONNX Runtime's inter-op pool).
     *
     * @param threads 1 or more; 0 lets ONNX Runtime choose
     * @return this builder
     * @throws IllegalArgumentException if negative
     * @throws IllegalStateException if already set
     */
    public Builder interOpThreads(int threads) {
      if (interSet) {
        throw new IllegalStateException("interOpThreads was already set to " + interOpThreads);
      }
      if (threads < 0) {
        throw new IllegalArgumentException("threads must be 0 (ONNX Runtime chooses) or more: " + threads);
      }
      interOpThreads = threads;
      interSet = true;
      return this;
    }

    /**
     * Sets the graph optimisation level (default {@link Optimization#ALL}).
     *
     * @param level the level
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder optimization(Optimization level) {
      if (optimization != null) {
        throw new IllegalStateException("optimization was already set to " + optimization);
      }
      optimization = Objects.requireNonNull(level, "level");
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the options
     */
    public OnnxOptions build() {
      return new OnnxOptions(this);
    }
  }
}
