package dev.mlops.examples.service;

import dev.mlops.core.artifact.VersionId;
import dev.mlops.core.routing.ShadowReport;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.routing.ModelRouter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The {@code model} health component: UP while the router serves a loaded champion. The champion was
 * loaded through the registry's verified load (every byte hashed against its manifest), so a loaded
 * version is a verified one; the details name it, its manifest digest, and the version the alias
 * points at now (they differ for at most the refresh interval plus a load after an alias move; a
 * version that fails to verify is never served and the difference stays, see {@code swapPending}).
 *
 * <p>Thread-safe.
 */
@Component
public class ModelHealthIndicator implements HealthIndicator {
  private final ModelRouter router;
  private final ModelRegistry registry;
  private final ServiceConfiguration.Variants variants;

  /**
   * Creates the indicator.
   *
   * @param router the router
   * @param registry the registry
   * @param variants the variants
   */
  public ModelHealthIndicator(ModelRouter router, ModelRegistry registry, ServiceConfiguration.Variants variants) {
    this.router = router;
    this.registry = registry;
    this.variants = variants;
  }

  @Override
  public Health health() {
    Map<String, VersionId> served = router.servedVersions();
    VersionId champion = served.get(variants.champion());
    if (champion == null) {
      return Health.down().withDetail("reference", variants.champion()).withDetail("error", "no champion loaded")
          .build();
    }
    Health.Builder h = Health.up().withDetail("reference", variants.champion())
        .withDetail("version", champion.toString()).withDetail("verified", true).withDetail("served", text(served));
    for (ShadowReport s : router.router().shadows()) {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("reference", s.shadow());
      d.put("submitted", s.submitted());
      d.put("dropped", s.dropped());
      d.put("completed", s.completed());
      if (s.completed() > 0) {
        d.put("agreementRate", s.agreementRate()); // NaN (none completed) is left out: JSON has no NaN
      }
      h.withDetail("shadow", d);
    }
    try {
      ModelVersion v = registry.get(champion.toString());
      ModelVersion alias = registry.get(variants.champion());
      h.withDetail("digest", v.manifestDigest().toString())
          .withDetail("aliasVersion", alias.id().toString())
          .withDetail("swapPending", !alias.id().equals(champion));
    } catch (RuntimeException e) {
      h.withDetail("registryError", e.getMessage()); // still serving the loaded version
    }
    return h.build();
  }

  private static Map<String, String> text(Map<String, VersionId> served) {
    Map<String, String> m = new LinkedHashMap<>();
    served.forEach((ref, v) -> m.put(ref, v.toString()));
    return m;
  }
}
