package dev.mlops.examples.service;

import dev.mlops.core.MlopsException;
import dev.mlops.monitoring.alert.AlertListener;
import dev.mlops.monitoring.alert.AlertRules;
import dev.mlops.monitoring.metrics.MonitorMetrics;
import dev.mlops.monitoring.monitor.JsonLinesFileSink;
import dev.mlops.monitoring.monitor.PredictionMonitor;
import dev.mlops.monitoring.monitor.WindowSpec;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.routing.ModelRouter;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the registry, the router, the monitor and its meters from {@code application.properties}.
 *
 * <p>Spring calls it once at start-up; not meant to be called concurrently.
 */
@Configuration(proxyBeanMethods = false)
public class ServiceConfiguration {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceConfiguration.class);

  /** Creates the configuration (Spring does). */
  public ServiceConfiguration() {}

  /**
   * The variants the router serves: champion and challenger alias references of the model.
   *
   * @param model the model name
   * @param champion the champion reference
   * @param challenger the challenger reference, or null when its alias is not set
   * @param shadow the shadow reference, or null when its alias is not set
   */
  public record Variants(String model, String champion, String challenger, String shadow) {
    /**
     * Returns the variant names (the monitor's variants).
     *
     * @return champion first, then the challenger if any
     */
    public String[] names() {
      return challenger == null ? new String[] {champion} : new String[] {champion, challenger};
    }
  }

  /**
   * Opens the registry, seeding it first when it is a directory that holds no version of the model.
   *
   * @param uri a directory, or a store URI with a scheme ({@code file:}, {@code mem:}, {@code s3:}, {@code jdbc:})
   * @param model the model name
   * @param seed whether to seed an empty file-store registry
   * @return the registry
   */
  @Bean(destroyMethod = "close")
  public ModelRegistry modelRegistry(@Value("${mlops.registry.uri}") String uri, @Value("${mlops.model}") String model,
      @Value("${mlops.seed-if-empty:true}") boolean seed) {
    Path dir = directory(uri);
    if (seed && dir != null) {
      if (Seed.ifEmpty(dir, model, System.out)) {
        LOG.info("Seeded the empty registry at {} with the quickstart's models", dir.toAbsolutePath());
      }
    }
    return dir != null ? ModelRegistry.open(dir) : ModelRegistry.open(URI.create(uri));
  }

  /** The directory a registry setting names, or null when it is a non-file URI. */
  static Path directory(String uri) {
    int colon = uri.indexOf(':');
    boolean hasScheme = colon > 1 && uri.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*");
    if (!hasScheme) {
      return Path.of(uri);
    }
    return uri.startsWith("file:") ? Path.of(URI.create(uri)) : null;
  }

  /**
   * Decides the variants from the aliases set now: {@code @champion} is required, {@code @challenger}
   * and {@code @shadow} are used when set.
   *
   * @param registry the registry
   * @param model the model name
   * @return the variants
   */
  @Bean
  public Variants variants(ModelRegistry registry, @Value("${mlops.model}") String model) {
    String champion = model + "@champion";
    registry.get(champion); // fails start-up with a NotFoundException that says what is missing
    return new Variants(model, champion, resolves(registry, model + "@challenger"),
        resolves(registry, model + "@shadow"));
  }

  private static String resolves(ModelRegistry registry, String ref) {
    try {
      registry.get(ref);
      return ref;
    } catch (MlopsException e) {
      LOG.info("{} does not resolve ({}); serving without it", ref, e.getMessage());
      return null;
    }
  }

  /**
   * The prediction monitor: one set of windows, alerts and meters per variant.
   *
   * @param variants the variants
   * @param window predictions per window
   * @param logDir the prediction log directory, or empty for none
   * @return the monitor
   */
  @Bean(destroyMethod = "close")
  public PredictionMonitor predictionMonitor(Variants variants, @Value("${mlops.monitor.window:100}") int window,
      @Value("${mlops.monitor.log-dir:}") String logDir) {
    PredictionMonitor.Builder b = PredictionMonitor.builder(variants.model())
        .variants(variants.names())
        .window(WindowSpec.tumblingCount(window))
        .rule(AlertRules.errorRate(0.05, 0.02).build())
        .rule(AlertRules.latencyQuantile(0.99, Duration.ofMillis(50), Duration.ofMillis(20)).build())
        .alertListener(AlertListener.logging());
    if (!logDir.isBlank()) {
      b.sink(JsonLinesFileSink.builder(Path.of(logDir)).build());
    }
    return b.build();
  }

  /**
   * Registers the library's meters of the monitor with Spring Boot's meter registry.
   *
   * @param monitor the monitor
   * @return the binder
   */
  @Bean
  public MeterBinder monitorMetrics(PredictionMonitor monitor) {
    return new MonitorMetrics(monitor);
  }

  /**
   * The router: champion and challenger by weight, the shadow on every request, the champion as
   * fallback; each reference followed by a handle that re-resolves it every refresh interval.
   *
   * @param registry the registry
   * @param variants the variants
   * @param salt the experiment key
   * @param championWeight the champion's weight
   * @param challengerWeight the challenger's weight
   * @param refresh the refresh interval (the staleness bound, plus the load time)
   * @return the router
   */
  @Bean(destroyMethod = "close")
  public ModelRouter modelRouter(ModelRegistry registry, Variants variants,
      @Value("${mlops.router.salt}") String salt,
      @Value("${mlops.router.champion-weight:90}") double championWeight,
      @Value("${mlops.router.challenger-weight:10}") double challengerWeight,
      @Value("${mlops.router.refresh:1s}") Duration refresh) {
    ModelRouter.Builder b = ModelRouter.builder(registry, salt).variant(variants.champion(), championWeight);
    if (variants.challenger() != null) {
      b.variant(variants.challenger(), challengerWeight);
    }
    if (variants.shadow() != null) {
      b.shadow(variants.shadow());
    }
    ModelRouter router = b.fallback(variants.champion()).refresh(refresh).build();
    LOG.info("Serving {} (shadow {}), refreshed every {}", router.servedVersions(), variants.shadow(), refresh);
    return router;
  }
}
