package dev.mlops.monitoring.metrics;

import dev.mlops.monitoring.alert.AlertRule;
import dev.mlops.monitoring.monitor.PredictionMonitor;
import dev.mlops.monitoring.monitor.WindowSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer meters of a {@link PredictionMonitor}, tagged {@code model} and (per variant) {@code
 * variant}:
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>extra tags</th><th>what</th></tr>
 *   <tr><td>{@code mlops.monitor.predictions}</td><td>function counter</td><td></td><td>predictions processed</td></tr>
 *   <tr><td>{@code mlops.monitor.errors}</td><td>function counter</td><td></td><td>failed predictions processed</td></tr>
 *   <tr><td>{@code mlops.monitor.latency}</td><td>function timer</td><td></td><td>count and total latency</td></tr>
 *   <tr><td>{@code mlops.monitor.window.latency}</td><td>gauge</td><td>{@code quantile} 0.5, 0.9, 0.99</td>
 *       <td>the last window's latency quantiles, seconds</td></tr>
 *   <tr><td>{@code mlops.monitor.dropped}</td><td>function counter</td><td>(no variant)</td><td>events dropped</td></tr>
 *   <tr><td>{@code mlops.monitor.queue.size}</td><td>gauge</td><td>(no variant)</td><td>events waiting</td></tr>
 *   <tr><td>{@code mlops.monitor.drift.share}</td><td>gauge</td><td></td><td>the last window's drifted column share</td></tr>
 *   <tr><td>{@code mlops.monitor.feature.drift}</td><td>gauge</td><td>{@code feature}</td>
 *       <td>the last window's drift severity per reference column</td></tr>
 *   <tr><td>{@code mlops.monitor.prediction.drift}</td><td>gauge</td><td></td><td>the last window's prediction drift severity</td></tr>
 *   <tr><td>{@code mlops.monitor.alert.firing}</td><td>gauge</td><td>{@code rule}</td><td>1 while the rule fires, else 0</td></tr>
 * </table>
 *
 * <p>Gauges of a window measure are NaN until a window carried the measure. Every meter reads the
 * monitor's own counters when the registry polls it: nothing is added to the prediction path.
 * Micrometer is an optional dependency of this library; only this class needs it.
 *
 * <pre>{@code
 * new MonitorMetrics(monitor).bindTo(meterRegistry);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class MonitorMetrics implements MeterBinder {
  private final PredictionMonitor monitor;

  /**
   * Creates the binder.
   *
   * @param monitor the monitor to expose
   * @throws NullPointerException if monitor is null
   */
  public MonitorMetrics(PredictionMonitor monitor) {
    this.monitor = Objects.requireNonNull(monitor, "monitor");
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    PredictionMonitor m = monitor;
    Tags base = Tags.of("model", m.model());
    FunctionCounter.builder("mlops.monitor.dropped", m, PredictionMonitor::dropped).tags(base)
        .description("prediction events dropped (queue full or monitor closed)").register(registry);
    Gauge.builder("mlops.monitor.queue.size", m, PredictionMonitor::queueSize).tags(base)
        .description("prediction events waiting for the monitor's worker").register(registry);
    for (String variant : m.variants()) {
      Tags t = base.and("variant", variant);
      FunctionCounter.builder("mlops.monitor.predictions", m, x -> x.processed(variant)).tags(t)
          .description("predictions processed").register(registry);
      FunctionCounter.builder("mlops.monitor.errors", m, x -> x.errors(variant)).tags(t)
          .description("failed predictions processed").register(registry);
      FunctionTimer.builder("mlops.monitor.latency", m, x -> x.processed(variant), x -> x.latencyTotalNanos(variant),
          TimeUnit.NANOSECONDS).tags(t).description("prediction latency").register(registry);
      for (double q : new double[] {0.5, 0.9, 0.99}) {
        gauge(registry, "mlops.monitor.window.latency", t.and("quantile", Double.toString(q)),
            w -> OptionalDouble.of(w.latency().quantileNanos(q) / 1e9), variant,
            "latency quantile of the last window, seconds");
      }
      gauge(registry, "mlops.monitor.drift.share", t, w -> w.featureDrift()
          .map(r -> OptionalDouble.of(r.driftShare())).orElse(OptionalDouble.empty()), variant,
          "share of drifted input columns in the last window");
      for (String feature : m.referenceColumns()) {
        gauge(registry, "mlops.monitor.feature.drift", t.and("feature", feature),
            w -> w.featureDriftSeverity(feature), variant,
            "drift severity of an input column in the last window (1 = at its threshold)");
      }
      gauge(registry, "mlops.monitor.prediction.drift", t, WindowSummary::predictionDriftSeverity, variant,
          "drift severity of the predictions in the last window (1 = at the threshold)");
      for (AlertRule rule : m.rules()) {
        Gauge.builder("mlops.monitor.alert.firing", m, x -> x.alertFiring(rule.name(), variant) ? 1.0 : 0.0)
            .tags(t.and("rule", rule.name())).description("1 while the alert rule fires").register(registry);
      }
    }
  }

  private void gauge(MeterRegistry registry, String name, Tags tags,
      java.util.function.Function<WindowSummary, OptionalDouble> measure, String variant, String description) {
    ToDoubleFunction<PredictionMonitor> f = x -> x.lastWindow(variant).map(measure)
        .filter(OptionalDouble::isPresent).map(OptionalDouble::getAsDouble).orElse(Double.NaN);
    Gauge.builder(name, monitor, f).tags(tags).description(description).register(registry);
  }
}
