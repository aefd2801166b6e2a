package dev.mlops.registry.run;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.Names;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A typed query over runs: experiment, parameter values, tags, metric filters, statuses and parent,
 * ordered by a metric. Every {@link dev.mlops.registry.run.spi.RunStore} executes it natively; the
 * query is a conjunction of simple predicates so that it translates directly to SQL:
 *
 * <pre>
 * experiment            r.experiment = ?
 * param k = v           EXISTS (SELECT 1 FROM run_param p WHERE p.run_id = r.id AND p.key = ? AND p.value = ?)
 * tag k = v             EXISTS (SELECT 1 FROM run_tag t WHERE t.run_id = r.id AND t.key = ? AND t.value = ?)
 * metric k &gt; x        EXISTS (SELECT 1 FROM run_metric m WHERE m.run_id = r.id AND m.key = ? AND m.value &gt; ?)
 *                       (run_metric holds the latest value per key; history lives in another table)
 * status in (...)       r.status IN (...)
 * parent                r.parent_run_id = ?
 * order by metric k     LEFT JOIN run_metric o ON o.run_id = r.id AND o.key = ?
 *                       ORDER BY (o.value IS NULL), o.value DESC, r.started_at, r.id   LIMIT ?
 * </pre>
 *
 * <p>{@link #test(RunRecord)} and {@link #order()} are the reference semantics the stores follow.
 * Runs without the order metric come last; ties are broken by start time, then run id.
 *
 * <pre>{@code
 * RunQuery q = RunQuery.builder().experiment("iris")
 *     .param("trainer.epochs", "5").where("accuracy > 0.9")
 *     .orderByMetric("accuracy", true).limit(10).build();
 * }</pre>
 *
 * <p>Immutable and thread-safe; the builder is not thread-safe.
 */
public final class RunQuery {
  /** A comparison of a metric against a constant. */
  public enum Comparison {
    /** greater than */
    GT(">"),
    /** greater than or equal */
    GE(">="),
    /** less than */
    LT("<"),
    /** less than or equal */
    LE("<="),
    /** equal */
    EQ("="),
    /** not equal */
    NE("!=");

    private final String symbol;

    Comparison(String symbol) {
      this.symbol = symbol;
    }

    /**
     * Returns the operator as written in SQL and in {@link Builder#where(String)}.
     *
     * @return the symbol
     */
    public String symbol() {
      return symbol;
    }

    /**
     * Applies the comparison.
     *
     * @param actual the metric's value
     * @param bound the constant
     * @return whether {@code actual OP bound} holds
     */
    public boolean test(double actual, double bound) {
      switch (this) {
        case GT: return actual > bound;
        case GE: return actual >= bound;
        case LT: return actual < bound;
        case LE: return actual <= bound;
        case EQ: return actual == bound;
        default: return actual != bound;
      }
    }

    static Comparison parse(String s) {
      for (Comparison c : values()) {
        if (c.symbol.equals(s)) {
          return c;
        }
      }
      if ("==".equals(s)) {
        return EQ;
      }
      throw new InvalidInputException("filter", "Unknown comparison '" + s + "'; use >, >=, <, <=, = or !=.");
    }
  }

  /**
   * A filter on a metric's latest value.
   *
   * @param key the metric key
   * @param comparison the comparison
   * @param value the finite constant
   */
  public record MetricFilter(String key, Comparison comparison, double value) {
    /**
     * Validates the fields.
     *
     * @throws InvalidInputException if the key is invalid or the value is not finite
     *
     * @param key the metric key
     * @param comparison the comparison
     * @param value the finite constant
     */
    public MetricFilter {
      Names.requireTagKey(key);
      Objects.requireNonNull(comparison, "comparison");
      if (!Double.isFinite(value)) {
        throw new InvalidInputException("filter", "A metric filter compares with a finite number, not " + value + ".");
      }
    }
  }

  private static final Pattern WHERE = Pattern.compile("\\s*(\\S+?)\\s*(>=|<=|!=|==|=|>|<)\\s*(\\S+)\\s*");

  private final Optional<String> experiment;
  private final Map<String, String> params;
  private final Map<String, String> tags;
  private final List<MetricFilter> metrics;
  private final Set<RunStatus> statuses;
  private final Optional<String> parentRunId;
  private final Optional<String> orderMetric;
  private final boolean descending;
  private final int limit;

  private RunQuery(Builder b) {
    this.experiment = Optional.ofNullable(b.experiment);
    this.params = Map.copyOf(b.params);
    this.tags = Map.copyOf(b.tags);
    this.metrics = List.copyOf(b.metrics);
    this.statuses = b.statuses.isEmpty() ? Set.of() : Set.copyOf(b.statuses);
    this.parentRunId = Optional.ofNullable(b.parentRunId);
    this.orderMetric = Optional.ofNullable(b.orderMetric);
    this.descending = b.descending;
    this.limit = b.limit;
  }

  /**
   * Starts a query.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the experiment filter.
   *
   * @return the experiment, or empty for all experiments
   */
  public Optional<String> experiment() {
    return experiment;
  }

  /**
   * Returns the parameter equality filters.
   *
   * @return key to required value
   */
  public Map<String, String> params() {
    return params;
  }

  /**
   * Returns the tag equality filters.
   *
   * @return key to required value
   */
  public Map<String, String> tags() {
    return tags;
  }

  /**
   * Returns the metric filters.
   *
   * @return the filters, all of which must hold
   */
  public List<MetricFilter> metrics() {
    return metrics;
  }

  /**
   * Returns the status filter.
   *
   * @return the accepted statuses; empty accepts all
   */
  public Set<RunStatus> statuses() {
    return statuses;
  }

  /**
   * Returns the parent filter.
   *
   * @return the parent run id, or empty
   */
  public Optional<String> parentRunId() {
    return parentRunId;
  }

  /**
   * Returns the metric to order by.
   *
   * @return the metric key, or empty to order by start time
   */
  public Optional<String> orderMetric() {
    return orderMetric;
  }

  /**
   * Tells whether the order metric sorts descending.
   *
   * @return true for highest first
   */
  public boolean descending() {
    return descending;
  }

  /**
   * Returns the most runs to return.
   *
   * @return the limit
   */
  public int limit() {
    return limit;
  }

  /**
   * The reference filter semantics: whether a run matches every predicate. Only the fields that a
   * store's index holds are read (experiment, status, parent, params, tags, latest metrics).
   *
   * @param r the run (or its index summary)
   * @return whether it matches
   */
  public boolean test(RunRecord r) {
    if (experiment.isPresent() && !experiment.get().equals(r.experiment())) {
      return false;
    }
    if (!statuses.isEmpty() && !statuses.contains(r.status())) {
      return false;
    }
    if (parentRunId.isPresent() && !r.parentRunId().equals(parentRunId)) {
      return false;
    }
    for (Map.Entry<String, String> e : params.entrySet()) {
      if (!e.getValue().equals(r.params().get(e.getKey()))) {
        return false;
      }
    }
    for (Map.Entry<String, String> e : tags.entrySet()) {
      if (!e.getValue().equals(r.tags().get(e.getKey()))) {
        return false;
      }
    }
    for (MetricFilter f : metrics) {
      Double v = r.metrics().get(f.key());
      if (v == null || !f.comparison().test(v, f.value())) {
        return false;
      }
    }
    return true;
  }

  /**
   * The reference order: by the order metric (runs without it last), then start time, then id.
   *
   * @return the comparator
   */
  public Comparator<RunRecord> order() {
    Comparator<RunRecord> tail = Comparator.comparing(RunRecord::startedAt).thenComparing(RunRecord::runId);
    if (orderMetric.isEmpty()) {
      return tail;
    }
    String key = orderMetric.get();
    Comparator<RunRecord> byMetric = (a, b) -> {
      Double x = a.metrics().get(key);
      Double y = b.metrics().get(key);
      if (x == null || y == null) {
        return x == null ? (y == null ? 0 : 1) : -1;
      }
      return descending ? Double.compare(y, x) : Double.compare(x, y);
    };
    return byMetric.thenComparing(tail);
  }

  @Override
  public String toString() {
    return "RunQuery[experiment=" + experiment.orElse("*") + ", params=" + params + ", tags=" + tags
        + ", metrics=" + metrics + ", statuses=" + statuses + ", order=" + orderMetric.orElse("startedAt")
        + (descending ? " desc" : "") + ", limit=" + limit + "]";
  }

  /** Builds a {@link RunQuery}. Not thread-safe. */
  public static final class Builder {
    private String experiment;
    private final Map<String, String> params = new LinkedHashMap<>();
    private final Map<String, String> tags = new LinkedHashMap<>();
    private final List<MetricFilter> metrics = new ArrayList<>();
    private final Set<RunStatus> statuses = EnumSet.noneOf(RunStatus.class);
    private String parentRunId;
    private String orderMetric;
    private boolean descending;
    private int limit = 1000;

    private Builder() {}

    /**
     * Restricts to one experiment.
     *
     * @param name the experiment
     * @return this builder
     */
    public Builder experiment(String name) {
      this.experiment = Names.requireModelName(name);
      return this;
    }

    /**
     * Requires a parameter value.
     *
     * @param key the parameter
     * @param value the value it must have
     * @return this builder
     */
    public Builder param(String key, String value) {
      params.put(Names.requireTagKey(key), Names.requireTagValue(value));
      return this;
    }

    /**
     * Requires a tag value.
     *
     * @param key the tag
     * @param value the value it must have
     * @return this builder
     */
    public Builder tag(String key, String value) {
      tags.put(Names.requireTagKey(key), Names.requireTagValue(value));
      return this;
    }

    /**
     * Requires a metric's latest value to compare with a constant.
     *
     * @param key the metric
     * @param comparison the comparison
     * @param value the constant
     * @return this builder
     */
    public Builder metric(String key, Comparison comparison, double value) {
      metrics.add(new MetricFilter(key, comparison, value));
      return this;
    }

    /**
     * Adds a metric filter written as text: {@code accuracy > 0.9}, {@code loss <= 0.1}.
     *
     * @param filter {@code KEY OP NUMBER} with OP one of {@code > >= < <= = != ==}
     * @return this builder
     * @throws InvalidInputException if the text is not such a filter
     */
    public Builder where(String filter) {
      Matcher m = WHERE.matcher(Objects.requireNonNull(filter, "filter"));
      if (!m.matches()) {
        throw new InvalidInputException("filter", "A metric filter reads 'KEY OP NUMBER', e.g. 'accuracy > 0.9'.");
      }
      double v;
      try {
        v = Double.parseDouble(m.group(3));
      } catch (NumberFormatException e) {
        throw new InvalidInputException("filter", "'" + m.group(3) + "' is not a number; write e.g. 'accuracy > 0.9'.");
      }
      return metric(m.group(1), Comparison.parse(m.group(2)), v);
    }

    /**
     * Accepts only runs in these states (call again to accept more).
     *
     * @param status a state
     * @return this builder
     */
    public Builder status(RunStatus status) {
      statuses.add(Objects.requireNonNull(status, "status"));
      return this;
    }

    /**
     * Accepts only runs nested in this parent.
     *
     * @param runId the parent run id
     * @return this builder
     */
    public Builder parent(String runId) {
      this.parentRunId = RunRecord.requireRunId(runId);
      return this;
    }

    /**
     * Orders by a metric's latest value.
     *
     * @param key the metric
     * @param highestFirst true for descending
     * @return this builder
     */
    public Builder orderByMetric(String key, boolean highestFirst) {
      this.orderMetric = Names.requireTagKey(key);
      this.descending = highestFirst;
      return this;
    }

    /**
     * Sets the most runs returned (default 1000).
     *
     * @param max at least 1
     * @return this builder
     * @throws IllegalArgumentException if below 1
     */
    public Builder limit(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("limit must be at least 1");
      }
      this.limit = max;
      return this;
    }

    /**
     * Builds the query.
     *
     * @return the query
     */
    public RunQuery build() {
      return new RunQuery(this);
    }
  }
}
