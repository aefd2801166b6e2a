package dev.mlops.monitoring.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.monitoring.monitor.WindowSummary;
import dev.mlops.monitoring.stream.ChangeDetector;
import dev.mlops.monitoring.stream.DetectorSnapshot;
import dev.mlops.monitoring.stream.DetectorState;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.function.Supplier;

/**
 * A streaming change detector (ADWIN, Page–Hinkley, CUSUM, ... from {@code
 * dev.mlops.monitoring.stream}) fed one value per closed window, one detector per variant: the
 * signal is 0 while the detector sees no change, 1 on a warning, 2 on a drift. Built by {@link
 * AlertRules#detector}; its detectors' state travels in the monitor's snapshot.
 *
 * <p>Not thread-safe, and one instance belongs to one monitor: build the rule anew for each monitor.
 */
public final class DetectorSignal implements StatefulSignal {
  /** The signal on a drift. */
  public static final double DRIFT = 2;
  /** The signal on a warning. */
  public static final double WARNING = 1;

  private final AlertSignal measure;
  private final Supplier<? extends ChangeDetector> factory;
  private final Map<String, ChangeDetector> detectors = new LinkedHashMap<>();

  /**
   * Creates the signal.
   *
   * @param measure the window measure fed to the detector (windows without it are skipped)
   * @param factory makes a fresh detector for each variant
   * @throws NullPointerException if an argument is null
   */
  public DetectorSignal(AlertSignal measure, Supplier<? extends ChangeDetector> factory) {
    this.measure = Objects.requireNonNull(measure, "measure");
    this.factory = Objects.requireNonNull(factory, "factory");
  }

  @Override
  public OptionalDouble measure(WindowSummary window) {
    OptionalDouble m = measure.measure(window);
    if (m == null || m.isEmpty() || !Double.isFinite(m.getAsDouble())) {
      return OptionalDouble.empty();
    }
    ChangeDetector d = detectors.computeIfAbsent(window.variant(), v -> Objects.requireNonNull(factory.get(),
        "the detector factory returned null"));
    DetectorState s = d.update(m.getAsDouble());
    return OptionalDouble.of(s == DetectorState.DRIFT ? DRIFT : s == DetectorState.WARNING ? WARNING : 0);
  }

  @Override
  public JsonNode snapshot() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    detectors.forEach((variant, d) -> o.set(variant, d.snapshot().toJsonNode()));
    return o;
  }

  @Override
  public void restore(JsonNode state) {
    Objects.requireNonNull(state, "state");
    if (!state.isObject()) {
      throw new IllegalArgumentException("a detector signal's state is a JSON object of variants");
    }
    detectors.clear();
    for (Iterator<Map.Entry<String, JsonNode>> it = state.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      detectors.put(e.getKey(), DetectorSnapshot.fromJsonNode(e.getValue()).restore());
    }
  }
}
