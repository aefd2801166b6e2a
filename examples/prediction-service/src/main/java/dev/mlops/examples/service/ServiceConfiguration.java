package dev.mlops.examples.service;

import dev.mlops.core.MlopsException;
import dev.mlops.core.NotFoundException;
import dev.mlops.monitoring.alert.AlertListener;
import dev.mlops.monitoring.alert.AlertRules;
import dev.mlops.monitoring.metrics.MonitorMetrics;
import dev.mlops.monitoring.monitor.JsonLinesFileSink;
import dev.mlops.monitoring.monitor.PredictionMonitor;
import dev.mlops.monitoring.monitor.WindowSpec;
import dev.mlops.monitoring.monitor.VersionProfiles;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.routing.ModelRouter;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the registry, the router, the monitor (with the champion's drift reference, which follows
 * {@code @champion}) and its meters from {@code application.properties}.
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
   * The drift reference of the service at start-up: the reference profiles of the version {@code @champion}
   * points at when the service starts, or none. Later versions' are installed by the {@link
   * ChampionReferenceFollower}.
   *
   * @param version the champion version the profiles belong to, e.g. {@code breast-cancer-classifier/2}
   * @param profiles its profiles, or empty when it has none (the service then raises no drift alerts)
   */
  public record ChampionReference(String version, Optional<VersionProfiles> profiles) {
    /**
     * Validates.
     *
     * @param version the champion version
     * @param profiles its profiles, or empty
     * @throws NullPointerException if an argument is null
     */
    public ChampionReference {
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(profiles, "profiles");
    }
  }

  /**
   * Finds the reference the monitor starts with, and compares every variant's windows with until {@code
   * @champion} moves (see {@link #championReferenceFollower}): the {@code @champion} version's profiles ({@link VersionProfiles#of}: stored with the version, else rebuilt from the training data set
   * its lineage names). One reference serves all variants: they take the same inputs. When the champion has
   * neither stored profiles nor a training data set in its lineage, the service still starts, without drift
   * alerts, and says so in one WARN line; any other failure (a damaged profile, a data set that lacks a
   * feature) fails the start-up.
   *
   * @param registry the registry
   * @param variants the variants
   * @return the champion's reference, or an empty one
   * @throws dev.mlops.core.MlopsException if the profiles or the training data exist but cannot be read
   */
  @Bean
  public ChampionReference championReference(ModelRegistry registry, Variants variants) {
    ModelVersion champion = registry.get(variants.champion());
    try {
      VersionProfiles profiles = VersionProfiles.of(registry, champion);
      LOG.info("Drift reference: the profiles of {}, {} ({} input columns, {} rows); alerts on input and "
          + "prediction drift for every variant", champion.id(), profiles.source(), profiles.inputs().columns().size(),
          profiles.inputs().rowCount());
      return new ChampionReference(champion.id().toString(), Optional.of(profiles));
    } catch (NotFoundException e) {
      LOG.warn("No drift reference for {}, so no input or prediction drift alerts for now: it stores no reference "
          + "profiles and its lineage names no training data set of this registry ({}). Register the model with "
          + "VersionProfiles.attach(...) at training time, or name its training data set in its lineage; the "
          + "reference follows @champion, so drift alerts start once it serves a version that has one.",
          champion.id(), e.getMessage());
      return new ChampionReference(champion.id().toString(), Optional.empty());
    }
  }

  /**
   * The prediction monitor: one set of windows, alerts and meters per variant. With a champion reference it
   * compares each window's inputs and predictions with it and raises {@code drift-share} (share of drifted
   * input columns) and {@code prediction-drift} (severity of the predictions' drift, 1 at the test's own
   * threshold) alerts; error-rate and latency alerts always. The drift rules are registered even without a
   * reference: a window compared with none has no drift result, which leaves a rule as it is, so they fire only
   * once the {@link ChampionReferenceFollower} installs the reference of a later champion.
   *
   * @param variants the variants
   * @param reference the champion's reference
   * @param window predictions per window (drift needs windows of at least 30 predictions)
   * @param logDir the prediction log directory, or empty for none
   * @param driftShareRaise raise {@code drift-share} at this share of drifted input columns
   * @param driftShareClear clear it below this share
   * @param predictionDriftRaise raise {@code prediction-drift} at this severity
   * @param predictionDriftClear clear it below this severity
   * @return the monitor
   * @throws IllegalArgumentException if a threshold is out of range (see {@link AlertRules})
   */
  @Bean(destroyMethod = "close")
  public PredictionMonitor predictionMonitor(Variants variants, ChampionReference reference,
      @Value("${mlops.monitor.window:100}") int window,
      @Value("${mlops.monitor.log-dir:}") String logDir,
      @Value("${mlops.monitor.drift-share.raise:0.5}") double driftShareRaise,
      @Value("${mlops.monitor.drift-share.clear:0.25}") double driftShareClear,
      @Value("${mlops.monitor.prediction-drift.raise:2}") double predictionDriftRaise,
      @Value("${mlops.monitor.prediction-drift.clear:1}") double predictionDriftClear) {
    PredictionMonitor.Builder b = PredictionMonitor.builder(variants.model())
        .variants(variants.names())
        .window(WindowSpec.tumblingCount(window))
        .rule(AlertRules.errorRate(0.05, 0.02).build())
        .rule(AlertRules.latencyQuantile(0.99, Duration.ofMillis(50), Duration.ofMillis(20)).build())
        .rule(AlertRules.driftShare(driftShareRaise, driftShareClear).build())
        .rule(AlertRules.predictionDrift(predictionDriftRaise, predictionDriftClear).build())
        .alertListener(AlertListener.logging());
    reference.profiles().ifPresent(p ->
        b.reference(p.inputs()).outputReference(p.outputs()).referenceId(reference.version()));
    if (window < PredictionMonitor.DEFAULT_MIN_DRIFT_ROWS) {
      LOG.warn("mlops.monitor.window={} is below the {} predictions a window needs for a drift test: no drift "
          + "alert can be raised; raise it", window, PredictionMonitor.DEFAULT_MIN_DRIFT_ROWS);
    }
    if (!logDir.isBlank()) {
      b.sink(JsonLinesFileSink.builder(Path.of(logDir)).build());
    }
    return b.build();
  }

  /**
   * Keeps the monitor's drift reference on the version the router serves for {@code @champion}, checking every
   * refresh interval off the request path (see {@link ChampionReferenceFollower} for the bound and the
   * failures). Closed with the context, before the monitor and the router it uses.
   *
   * @param registry the registry
   * @param router the router
   * @param variants the variants
   * @param monitor the monitor
   * @param reference the start-up reference
   * @param refresh how often to check (the router's refresh interval)
   * @return the follower, started
   */
  @Bean(destroyMethod = "close")
  public ChampionReferenceFollower championReferenceFollower(ModelRegistry registry, ModelRouter router,
      Variants variants, PredictionMonitor monitor, ChampionReference reference,
      @Value("${mlops.router.refresh:1s}") Duration refresh) {
    ChampionReferenceFollower follower = new ChampionReferenceFollower(registry, router, variants.champion(), monitor,
        reference.version());
    follower.start(refresh);
    return follower;
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
