package dev.mlops.monitoring.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.monitoring.monitor.WindowSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs {@link AlertRule}s over closed windows and keeps each rule's state per variant (quiet or
 * firing, last raise, counts), which snapshots to JSON and restores.
 *
 * <p>{@link #evaluate(WindowSummary)}, {@link #snapshot()} and {@link #restore(JsonNode)} are meant
 * for one thread (the monitor's worker); the state queries ({@link #firing}, {@link #raisedCount},
 * {@link #suppressedCount}) may be called from any thread and see each state's latest value.
 */
public final class AlertEvaluator {
  private final List<AlertRule> rules;
  private final Map<String, State> states = new ConcurrentHashMap<>();

  /** One rule's state for one variant. */
  static final class State {
    volatile boolean firing;
    boolean notified;
    long lastRaisedWindow = -1;
    long lastRaisedAtMillis;
    volatile long raised;
    volatile long resolved;
    volatile long suppressed;
  }

  /**
   * Creates an evaluator.
   *
   * @param rules the rules, with distinct names
   * @throws NullPointerException if rules or a rule is null
   * @throws IllegalArgumentException if two rules share a name
   */
  public AlertEvaluator(List<AlertRule> rules) {
    this.rules = List.copyOf(rules);
    Set<String> names = new HashSet<>();
    for (AlertRule r : this.rules) {
      if (!names.add(r.name())) {
        throw new IllegalArgumentException("two alert rules are named '" + r.name() + "'; give each a distinct name");
      }
    }
  }

  /**
   * Returns the rules.
   *
   * @return an immutable list
   */
  public List<AlertRule> rules() {
    return rules;
  }

  private static String key(String rule, String variant) {
    return rule + '\u0000' + variant;
  }

  private State state(String rule, String variant) {
    return states.computeIfAbsent(key(rule, variant), k -> new State());
  }

  /**
   * Evaluates every rule on a closed window and returns the alerts it raised or resolved, in rule
   * order. A signal that throws or returns NaN is treated as absent for that window.
   *
   * @param w the window
   * @return the alerts, possibly empty
   * @throws NullPointerException if w is null
   */
  public List<Alert> evaluate(WindowSummary w) {
    Objects.requireNonNull(w, "w");
    List<Alert> out = new ArrayList<>(0);
    for (AlertRule rule : rules) {
      if (!rule.applies(w)) {
        continue;
      }
      OptionalDouble m = rule.signal().measure(w);
      if (m == null || m.isEmpty() || Double.isNaN(m.getAsDouble())) {
        continue;
      }
      double v = m.getAsDouble();
      State st = state(rule.name(), w.variant());
      if (!st.firing) {
        if (rule.raises(v)) {
          st.firing = true;
          st.notified = false;
          if (coolingDown(rule, st, w)) {
            st.suppressed++;
          } else {
            out.add(raise(rule, st, w, v));
          }
        }
      } else if (rule.clears(v)) {
        st.firing = false;
        if (st.notified) {
          st.resolved++;
          out.add(new Alert(rule.name(), AlertKind.RESOLVED, w.model(), w.variant(), w.index(), w.end(), v,
              rule.clearAt(), String.format("%s back to %s (clear threshold %s)", rule.description(), fmt(v),
              fmt(rule.clearAt()))));
        }
      } else if (!st.notified && rule.raises(v) && !coolingDown(rule, st, w)) {
        out.add(raise(rule, st, w, v));   // a silent episode outlasted the cool-down
      }
    }
    return out;
  }

  private static Alert raise(AlertRule rule, State st, WindowSummary w, double v) {
    st.notified = true;
    st.lastRaisedWindow = w.index();
    st.lastRaisedAtMillis = w.end().toEpochMilli();
    st.raised++;
    return new Alert(rule.name(), AlertKind.RAISED, w.model(), w.variant(), w.index(), w.end(), v, rule.raiseAt(),
        String.format("%s is %s (raise threshold %s, clears %s %s)", rule.description(), fmt(v), fmt(rule.raiseAt()),
            rule.direction() == AlertRule.Direction.ABOVE ? "below" : "above", fmt(rule.clearAt())));
  }

  private static boolean coolingDown(AlertRule rule, State st, WindowSummary w) {
    if (st.lastRaisedWindow < 0) {
      return false;
    }
    if (rule.coolDownWindows() > 0 && w.index() - st.lastRaisedWindow < rule.coolDownWindows()) {
      return true;
    }
    return !rule.coolDown().isZero()
        && w.end().toEpochMilli() - st.lastRaisedAtMillis < rule.coolDown().toMillis();
  }

  private static String fmt(double v) {
    return Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v != 0) ? String.format("%.4g", v) : String.format("%.4f", v);
  }

  /**
   * Tells whether a rule is firing for a variant.
   *
   * @param rule the rule's name
   * @param variant the variant
   * @return true while firing (a silent episode in its cool-down included)
   * @throws NullPointerException if an argument is null
   */
  public boolean firing(String rule, String variant) {
    State st = states.get(key(Objects.requireNonNull(rule, "rule"), Objects.requireNonNull(variant, "variant")));
    return st != null && st.firing;
  }

  /**
   * Counts the alerts a rule raised for a variant.
   *
   * @param rule the rule's name
   * @param variant the variant
   * @return the count of RAISED alerts
   * @throws NullPointerException if an argument is null
   */
  public long raisedCount(String rule, String variant) {
    State st = states.get(key(Objects.requireNonNull(rule, "rule"), Objects.requireNonNull(variant, "variant")));
    return st == null ? 0 : st.raised;
  }

  /**
   * Counts the raises a cool-down held back for a variant.
   *
   * @param rule the rule's name
   * @param variant the variant
   * @return the count of suppressed raises
   * @throws NullPointerException if an argument is null
   */
  public long suppressedCount(String rule, String variant) {
    State st = states.get(key(Objects.requireNonNull(rule, "rule"), Objects.requireNonNull(variant, "variant")));
    return st == null ? 0 : st.suppressed;
  }

  /**
   * Writes every rule's state as JSON: {@code {"states": [{"rule", "variant", "firing", ...}],
   * "signals": {rule: state}}}, the latter for rules whose signal is a {@link StatefulSignal}.
   *
   * @return the JSON object
   */
  public ObjectNode snapshot() {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    var arr = root.putArray("states");
    states.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
      String[] parts = e.getKey().split("\u0000", 2);
      State s = e.getValue();
      arr.addObject().put("rule", parts[0]).put("variant", parts[1]).put("firing", s.firing)
          .put("notified", s.notified).put("lastRaisedWindow", s.lastRaisedWindow)
          .put("lastRaisedAt", Instant.ofEpochMilli(s.lastRaisedAtMillis).toString()).put("raised", s.raised)
          .put("resolved", s.resolved).put("suppressed", s.suppressed);
    });
    var signals = root.putObject("signals");
    for (AlertRule r : rules) {
      if (r.signal() instanceof StatefulSignal st) {
        signals.set(r.name(), st.snapshot());
      }
    }
    return root;
  }

  /**
   * Restores states written by {@link #snapshot()}; states of rules this evaluator does not have
   * are ignored.
   *
   * @param json the snapshot
   * @throws NullPointerException if json is null
   * @throws IllegalArgumentException if the JSON is not a snapshot of alert states
   */
  public void restore(JsonNode json) {
    Objects.requireNonNull(json, "json");
    JsonNode arr = json.get("states");
    if (arr == null || !arr.isArray()) {
      throw new IllegalArgumentException("not an alert state snapshot: no 'states' array");
    }
    Set<String> known = new HashSet<>();
    rules.forEach(r -> known.add(r.name()));
    for (Iterator<JsonNode> it = arr.elements(); it.hasNext(); ) {
      JsonNode n = it.next();
      String rule = n.path("rule").asText();
      if (!known.contains(rule)) {
        continue;
      }
      State s = state(rule, n.path("variant").asText());
      s.firing = n.path("firing").asBoolean();
      s.notified = n.path("notified").asBoolean();
      s.lastRaisedWindow = n.path("lastRaisedWindow").asLong(-1);
      s.lastRaisedAtMillis = Instant.parse(n.path("lastRaisedAt").asText("1970-01-01T00:00:00Z")).toEpochMilli();
      s.raised = n.path("raised").asLong();
      s.resolved = n.path("resolved").asLong();
      s.suppressed = n.path("suppressed").asLong();
    }
    JsonNode signals = json.path("signals");
    for (AlertRule r : rules) {
      if (r.signal() instanceof StatefulSignal st && signals.has(r.name())) {
        st.restore(signals.get(r.name()));
      }
    }
  }
}
