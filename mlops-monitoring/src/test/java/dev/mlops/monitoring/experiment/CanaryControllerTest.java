package dev.mlops.monitoring.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.artifact.ArtifactFormat;
import dev.mlops.core.routing.CanarySchedule;
import dev.mlops.core.routing.Decisions;
import dev.mlops.core.routing.Router;
import dev.mlops.registry.AuditAction;
import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.Registration;
import dev.mlops.registry.routing.AliasMoves;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The canary loop end to end on a file-system registry: ramp, rollback on a breach, promotion, SRM hold. */
class CanaryControllerTest {
  @TempDir Path root;
  ModelRegistry registry;

  @BeforeEach
  void twoVersions() {
    registry = ModelRegistry.builder().uri(root.toUri()).principal(() -> "canary-controller").build();
    for (String v : new String[] {"weights v1", "weights v2"}) {
      registry.register(Registration.bytes("fraud", "model.bin", v.getBytes(StandardCharsets.UTF_8), ArtifactFormat.RAW).build());
    }
    registry.setAlias("fraud", "champion", 1, OptionalInt.empty());
    registry.setAlias("fraud", "challenger", 2, OptionalInt.empty());
  }

  @AfterEach
  void close() {
    registry.close();
  }

  private static Experiment experiment() {
    return Experiment.builder("fraud-canary").variants("champion", "challenger").conversion()
        .guardrail(Guardrail.errorRate(0.005)).build();
  }

  /** One batch of traffic: each unit is routed, converts at 10%, and fails at the variant's error rate. */
  private static void traffic(Router<Integer, String> router, Experiment e, int batch, int units, double canaryErrors,
      SplittableRandom rnd) {
    for (int i = 0; i < units; i++) {
      long d = router.decide("b" + batch + "-u" + i);
      int v = Decisions.variant(d);
      e.recordConversion(v, rnd.nextDouble() < 0.10);
      e.recordOutcome(v, rnd.nextDouble() < (v == 1 ? canaryErrors : 0.002), 10);
    }
  }

  private static Router<Integer, String> router(Experiment e) {
    return Router.<Integer, String>builder("fraud-canary").variant("champion", 100).variant("challenger", 0)
        .exposureListener(e.exposureListener()).build();
  }

  @Test
  void healthyCanary_rampsThroughEveryStep_andIsPromotedByCompareAndSet() {
    Experiment e = experiment();
    SplittableRandom rnd = new SplittableRandom(1);
    try (Router<Integer, String> router = router(e)) {
      CanaryController c = CanaryController.builder(router, e).schedule(CanarySchedule.standard())
          .minExposuresPerStep(500).aliases(registry, "fraud", "champion", "challenger").build();
      assertThat(router.allocation().shares()[1]).isEqualTo(0.01);
      CanaryEvent last = null;
      for (int batch = 0; batch < 400 && !c.finished(); batch++) {
        traffic(router, e, batch, 10_000, 0.002, rnd);
        last = c.evaluate();
      }
      List<CanaryEvent.Action> actions = c.history().stream().map(CanaryEvent::action).distinct().toList();
      assertThat(actions).contains(CanaryEvent.Action.HOLD_COLLECTING, CanaryEvent.Action.ADVANCED, CanaryEvent.Action.PROMOTED);
      assertThat(c.history().stream().filter(x -> x.action() == CanaryEvent.Action.ADVANCED).count()).isEqualTo(4);
      assertThat(last.action()).isEqualTo(CanaryEvent.Action.PROMOTED);
      assertThat(router.allocation().shares()[1]).isEqualTo(1.0);
      assertThat(registry.aliases("fraud")).containsEntry("champion", 2);
      assertThat(last.aliasMove()).get().satisfies(m -> assertThat(m.from()).hasValue(1));
      assertThat(registry.get("fraud/2").tags().get(AliasMoves.PROMOTED_TAG)).contains("every guardrail held");
      assertThat(c.evaluate().action()).isEqualTo(CanaryEvent.Action.FINISHED);
    }
  }

  @Test
  void guardrailBreach_rollsBackAutomatically_andAuditsWhy() {
    Experiment e = experiment();
    SplittableRandom rnd = new SplittableRandom(2);
    try (Router<Integer, String> router = router(e)) {
      CanaryController c = CanaryController.builder(router, e).schedule(CanarySchedule.of(5, 25, 50, 100))
          .minExposuresPerStep(500).aliases(registry, "fraud", "champion", "challenger").build();
      CanaryEvent last = null;
      for (int batch = 0; batch < 200 && !c.finished(); batch++) {
        traffic(router, e, batch, 2000, 0.04, rnd); // the canary fails 4% of calls, the champion 0.2%
        last = c.evaluate();
      }
      assertThat(last.action()).isEqualTo(CanaryEvent.Action.ROLLED_BACK);
      assertThat(last.reason()).contains("guardrail error_rate BREACHED");
      assertThat(c.step()).isEqualTo(-1);
      assertThat(router.allocation().shares()).containsExactly(1.0, 0.0);
      assertThat(registry.aliases("fraud")).containsEntry("challenger", 1).containsEntry("champion", 1);
      List<AuditEvent> log = registry.auditLog("fraud");
      AuditEvent move = log.get(log.size() - 2);
      AuditEvent why = log.get(log.size() - 1);
      assertThat(move.action()).isEqualTo(AuditAction.ALIAS_SET);
      assertThat(move.key()).isEqualTo("challenger");
      assertThat(move.principal()).isEqualTo("canary-controller");
      assertThat(why.action()).isEqualTo(AuditAction.TAG_SET);
      assertThat(why.key()).isEqualTo(AliasMoves.ROLLED_BACK_TAG);
      assertThat(why.current().orElseThrow()).contains("error_rate BREACHED");
      for (int i = 0; i < 100; i++) {
        assertThat(router.decision("after-" + i).variant()).isEqualTo("champion");
      }
    }
  }

  @Test
  void sampleRatioMismatch_blocksRollbackAndPromotion_whileRoutingGoesOn() {
    Experiment e = experiment();
    SplittableRandom rnd = new SplittableRandom(3);
    // Exposures of the canary are logged only half the time: the SRM check fails.
    try (Router<Integer, String> router = Router.<Integer, String>builder("fraud-canary").variant("champion", 100)
        .variant("challenger", 0).exposureListener((u, d) -> {
          if (Decisions.variant(d) == 0 || rnd.nextBoolean()) {
            e.recordExposure(Decisions.variant(d));
          }
        }).build()) {
      CanaryController c = CanaryController.builder(router, e).schedule(CanarySchedule.of(25, 100))
          .minExposuresPerStep(100).aliases(registry, "fraud", "champion", "challenger").build();
      for (int batch = 0; batch < 10; batch++) {
        traffic(router, e, batch, 2000, 0.05, rnd); // a breach the controller must not act on
        CanaryEvent ev = c.evaluate();
        if (batch > 0) {
          assertThat(ev.action()).isEqualTo(CanaryEvent.Action.HOLD_SAMPLE_RATIO_MISMATCH);
          assertThat(ev.reason()).contains("sample ratio mismatch");
        }
      }
      assertThat(c.finished()).isFalse();
      assertThat(registry.aliases("fraud")).containsEntry("challenger", 2).containsEntry("champion", 1);
      assertThat(router.allocation().shares()[1]).as("routing goes on at the current step").isEqualTo(0.25);
    }
  }
}
