package dev.mlops.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.NotFoundException;
import dev.mlops.core.model.Prediction;
import dev.mlops.core.routing.CircuitBreakerPolicy;
import dev.mlops.core.routing.Reason;
import dev.mlops.core.routing.Routed;
import dev.mlops.core.routing.ShadowReport;
import dev.mlops.registry.routing.AliasMove;
import dev.mlops.registry.routing.AliasMoves;
import dev.mlops.registry.routing.ModelRouter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;
import org.tribuo.classification.Label;

/**
 * Routers built from registry references on a real file-system registry with two real Tribuo models
 * (iris logistic regressions trained on all rows and on every other row), and promotion and rollback
 * through the audited alias compare-and-set.
 */
class ModelRouterRegistryTest {
  private static final IrisData IRIS = IrisData.get();

  @TempDir Path root;
  ModelRegistry registry;

  @BeforeEach
  void registerTwoModels() {
    registry = ModelRegistry.builder().uri(root.resolve("store").toUri()).principal(() -> "canary-bot").build();
    registry.register(Registration.model("iris", IRIS.model()).build());
    registry.register(Registration.model("iris", IRIS.otherModel()).build());
    registry.setAlias("iris", "champion", 1, OptionalInt.empty());
    registry.setAlias("iris", "challenger", 2, OptionalInt.empty());
  }

  @AfterEach
  void close() {
    registry.close();
  }

  private Model<Label> modelOf(String version) {
    return version.endsWith("/1") ? IRIS.model() : IRIS.otherModel();
  }

  @Test
  void route_servesEachUnitFromTheVersionItsReferenceResolvesTo_andShadowsCompare() throws Exception {
    try (ModelRouter router = ModelRouter.builder(registry, "iris-ab")
        .variant("iris@champion", 50).variant("iris@challenger", 50)
        .shadow("iris/2")
        .fallback("iris@champion")
        .configure(b -> b.circuitBreaker(CircuitBreakerPolicy.defaults()))
        .build()) {
      assertThat(router.servedVersions()).containsEntry("iris@champion", registry.get("iris/1").id())
          .containsEntry("iris@challenger", registry.get("iris/2").id());
      int agreeing = 0;
      int[] perVariant = new int[2];
      for (int i = 0; i < IRIS.size(); i++) {
        Routed<Prediction> r = router.route("flower-" + i, IRIS.features(i));
        assertThat(r.decision().reason()).isEqualTo(Reason.WEIGHTED);
        perVariant[r.decision().variantIndex()]++;
        String served = router.servedVersions().get(r.decision().variant()).toString();
        Prediction.Classification expected = IrisData.reference(modelOf(served), IRIS, i);
        Prediction.Classification got = (Prediction.Classification) r.output();
        assertThat(got.label()).isEqualTo(expected.label());
        assertThat(got.score(got.label())).isCloseTo(expected.score(expected.label()), org.assertj.core.data.Offset.offset(1e-9));
        if (expected.label().equals(IrisData.reference(IRIS.otherModel(), IRIS, i).label())) {
          agreeing++;
        }
      }
      assertThat(perVariant[0]).isPositive();
      assertThat(perVariant[1]).isPositive();
      assertThat(router.router().awaitShadows(Duration.ofSeconds(30))).isTrue();
      ShadowReport shadow = router.router().shadows().get(0);
      assertThat(shadow.dropped()).isZero();
      assertThat(shadow.completed()).isEqualTo(IRIS.size());
      assertThat(shadow.agreements()).isEqualTo(agreeing);
      assertThat(shadow.shadowOutputs().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(IRIS.size());
    }
  }

  @Test
  void promote_movesChampionByCompareAndSet_auditedWithTheReason_andTheRouterFollows() {
    try (ModelRouter router = ModelRouter.builder(registry, "iris-promo")
        .variant("iris@champion", 90).variant("iris@challenger", 10).refresh(Duration.ofMinutes(1)).build()) {
      AliasMove m = router.promote("iris@challenger", "iris@champion", "challenger won: mSPRT p=0.002");
      assertThat(m.from()).hasValue(1);
      assertThat(m.to()).isEqualTo(2);
      assertThat(registry.aliases("iris")).containsEntry("champion", 2);
      assertThat(router.servedVersions().get("iris@champion")).isEqualTo(registry.get("iris/2").id());
      assertThat(registry.get("iris/2").tags().get(AliasMoves.PROMOTED_TAG)).contains("mSPRT p=0.002");

      List<AuditEvent> log = registry.auditLog("iris");
      AuditEvent aliasSet = log.get(log.size() - 2);
      assertThat(aliasSet.action()).isEqualTo(AuditAction.ALIAS_SET);
      assertThat(aliasSet.key()).isEqualTo("champion");
      assertThat(aliasSet.previous()).hasValue("1");
      assertThat(aliasSet.current()).hasValue("2");
      assertThat(aliasSet.principal()).isEqualTo("canary-bot");
      AuditEvent why = log.get(log.size() - 1);
      assertThat(why.action()).isEqualTo(AuditAction.TAG_SET);
      assertThat(why.key()).isEqualTo(AliasMoves.PROMOTED_TAG);
      assertThat(why.current().orElseThrow()).contains("challenger won");

      // Undo the promotion from the audit log.
      AliasMove back = AliasMoves.revert(registry, "iris", "champion", "post-promotion alarm");
      assertThat(back.to()).isEqualTo(1);
      assertThat(registry.aliases("iris")).containsEntry("champion", 1);
    }
  }

  @Test
  void rollback_pointsTheCanaryAliasAtTheStableVersion_zeroesItsWeight_andAuditsWhy() {
    try (ModelRouter router = ModelRouter.builder(registry, "iris-rollback")
        .variant("iris@champion", 75).variant("iris@challenger", 25).refresh(Duration.ofMinutes(1)).build()) {
      AliasMove m = router.rollback("iris@challenger", "iris@champion", "guardrail error_rate breached");
      assertThat(m.from()).hasValue(2);
      assertThat(m.to()).isEqualTo(1);
      assertThat(registry.aliases("iris")).containsEntry("challenger", 1).containsEntry("champion", 1);
      assertThat(registry.get("iris/2").tags().get(AliasMoves.ROLLED_BACK_TAG)).contains("error_rate breached");
      assertThat(router.router().allocation().shares()).containsExactly(1.0, 0.0);
      assertThat(router.servedVersions().get("iris@challenger")).isEqualTo(registry.get("iris/1").id());
      for (int i = 0; i < 20; i++) {
        assertThat(router.route("u" + i, IRIS.features(i)).decision().variant()).isEqualTo("iris@champion");
      }
    }
  }

  @Test
  void aliasMoves_rejectWhatCannotMove() {
    assertThatThrownBy(() -> AliasMoves.promote(registry, "iris", "staging", "champion", "x"))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("iris@staging is not set");
    try (ModelRouter router = ModelRouter.builder(registry, "iris-bad").variant("iris@champion", 1).build()) {
      assertThatThrownBy(() -> router.promote("iris/2", "iris@champion", "x")).isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("not an alias reference");
      assertThatThrownBy(() -> router.promote("other@challenger", "iris@champion", "x"))
          .isInstanceOf(InvalidInputException.class).hasMessageContaining("different models");
      assertThatThrownBy(() -> AliasMoves.revert(registry, "iris", "champion", "x")).isInstanceOf(NotFoundException.class);
    }
    assertThatThrownBy(() -> ModelRouter.builder(registry, "x").variant("iris@nope", 1).build())
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void route_badFeatures_fallBackOnlyWhenTheFallbackCanAnswer() {
    try (ModelRouter router = ModelRouter.builder(registry, "iris-bad-input")
        .variant("iris@champion", 0).variant("iris@challenger", 100).fallback("iris@champion").build()) {
      assertThatThrownBy(() -> router.route("u", Map.of("nonsense", 1.0))).isInstanceOf(InvalidInputException.class);
      assertThat(router.router().variants().get(1).failures()).isEqualTo(1);
    }
  }
}
