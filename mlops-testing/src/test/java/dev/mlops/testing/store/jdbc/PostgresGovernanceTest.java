package dev.mlops.testing.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.ConflictException;
import dev.mlops.core.artifact.ArtifactFormat;
import dev.mlops.core.store.InMemoryBlobStore;
import dev.mlops.registry.AuditAction;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Registration;
import dev.mlops.registry.evidence.Evidence;
import dev.mlops.registry.evidence.EvidenceRef;
import dev.mlops.registry.evidence.EvidenceResult;
import dev.mlops.registry.promotion.Approval;
import dev.mlops.registry.promotion.PromotionPolicy;
import dev.mlops.registry.promotion.PromotionRefusedException;
import dev.mlops.registry.promotion.PromotionRule;
import dev.mlops.registry.store.JdbcMetadataStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Evidence, approvals and promotion gates on PostgreSQL: two registries (two replicas of a service),
 * each with its own metadata store and connection pool, over one schema and one blob store.
 */
@DisplayName("Evidence, approvals and promotion gates on PostgreSQL")
class PostgresGovernanceTest {
  private final String schema = PostgresServer.freshSchema();
  private final InMemoryBlobStore blobs = new InMemoryBlobStore("mem:governance");
  private final List<AutoCloseable> toClose = new ArrayList<>();
  private static final PromotionPolicy POLICY = PromotionPolicy.of(PromotionRule.forAlias("champion")
      .requirePassingEvidence(Evidence.MODEL_TEST, "FraudModelTest").requireApprovals(2));

  private ModelRegistry replica(ThreadLocal<String> principal) {
    JdbcMetadataStore store = JdbcMetadataStore.builder().url(PostgresServer.jdbcUrl()).schema(schema).build();
    toClose.add(store);
    ModelRegistry r = ModelRegistry.builder().metadataStore(store).blobStore(blobs).principal(principal::get)
        .promotionPolicy(POLICY).build();
    toClose.add(r);
    return r;
  }

  @AfterEach
  void close() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  @Test
  @DisplayName("a version reaches @champion only with passing evidence and two approvals, given from either replica")
  void gateAcrossReplicas() {
    ThreadLocal<String> who = ThreadLocal.withInitial(() -> "alice");
    ModelRegistry a = replica(who);
    ModelRegistry b = replica(who);
    ModelVersion v = a.register(Registration.bytes("fraud", "m.bin", "w".getBytes(StandardCharsets.UTF_8), ArtifactFormat.RAW)
        .build());
    EvidenceRef ref = a.attachEvidence("fraud/1", Evidence.builder(Evidence.MODEL_TEST, "FraudModelTest", v)
        .result(EvidenceResult.of("accuracy", "accuracy", 0.95, true).withInterval(0.9, 0.97).withThreshold(0.9)).build());
    a.approve("fraud/1", "tests pass");

    assertThatThrownBy(() -> b.setAlias("fraud", "champion", 1))
        .isInstanceOfSatisfying(PromotionRefusedException.class, e -> assertThat(e.unmet()).singleElement()
            .satisfies(u -> assertThat(u.found()).isEqualTo("1 (alice)")));
    assertThat(b.aliases("fraud")).isEmpty();

    who.set("bob");
    b.approve("fraud/1", "");
    b.setAlias("fraud", "champion", 1);

    assertThat(a.aliases("fraud")).containsEntry("champion", 1);
    assertThat(a.evidence("fraud/1")).containsExactly(ref);
    assertThat(a.readEvidence(ref).results().get(0).upper()).hasValue(0.97);
    assertThat(a.auditLog("fraud")).extracting(e -> e.action()).containsExactly(AuditAction.REGISTER,
        AuditAction.EVIDENCE_ADD, AuditAction.APPROVAL_ADD, AuditAction.APPROVAL_ADD, AuditAction.ALIAS_SET);
  }

  @Test
  @DisplayName("concurrent approvals from both replicas: each approver is recorded exactly once")
  void concurrentApprovals() throws Exception {
    ThreadLocal<String> who = new ThreadLocal<>();
    ModelRegistry a = replica(who);
    ModelRegistry b = replica(who);
    who.set("setup");
    a.register(Registration.bytes("fraud", "m.bin", "w".getBytes(StandardCharsets.UTF_8), ArtifactFormat.RAW).build());
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Boolean>> results = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        ModelRegistry r = t % 2 == 0 ? a : b;
        String approver = t < 4 ? "same" : "approver-" + t;   // four threads approve as one principal
        Callable<Boolean> task = () -> {
          who.set(approver);
          start.await();
          try {
            r.approve("fraud/1", "ok");
            return true;
          } catch (ConflictException e) {
            assertThat(e).hasMessageContaining("same already approved");
            return false;
          }
        };
        results.add(pool.submit(task));
      }
      start.countDown();
      int approved = 0;
      for (Future<Boolean> f : results) {
        approved += f.get(60, TimeUnit.SECONDS) ? 1 : 0;
      }
      assertThat(approved).isEqualTo(5);
    } finally {
      pool.shutdownNow();
    }
    assertThat(b.approvals("fraud/1")).extracting(Approval::approver)
        .containsExactlyInAnyOrder("same", "approver-4", "approver-5", "approver-6", "approver-7");
  }
}
