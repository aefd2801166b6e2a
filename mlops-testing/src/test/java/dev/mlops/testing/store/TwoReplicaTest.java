package dev.mlops.testing.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.ConflictException;
import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.ModelHandle;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Registration;
import dev.mlops.registry.store.JdbcMetadataStore;
import dev.mlops.testing.store.jdbc.PostgresServer;
import dev.mlops.testing.store.jdbc.TinyModels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import java.util.UUID;
import org.tribuo.Model;
import org.tribuo.classification.Label;

/**
 * Two service replicas: two independent registries, each with its own metadata store (its own
 * connection pool) and its own S3 blob store client, over one PostgreSQL schema and one bucket prefix
 * (PostgreSQL and S3Proxy both started inside the test run, on loopback).
 */
@DisplayName("Two registry replicas on one PostgreSQL and one S3 bucket")
class TwoReplicaTest {
  private final String prefix = "replicas/" + UUID.randomUUID();

  private static final Duration REFRESH = Duration.ofMillis(200);

  private ModelRegistry replica(String schema, String principal) {
    return ModelRegistry.builder()
        .metadataStore(JdbcMetadataStore.builder().url(PostgresServer.jdbcUrl()).schema(schema).build())
        .blobStore(S3TestServer.shared().store(prefix).build())
        .principal(() -> principal)
        .build();
  }

  @Test
  @DisplayName("replicas registering and moving aliases at once get unique versions, see each other's changes, and a watched alias follows within the refresh bound")
  void concurrentReplicas() throws Exception {
    String schema = PostgresServer.freshSchema();
    List<Model<Label>> models = IntStream.range(0, 11).mapToObj(TinyModels::train).collect(Collectors.toList());
    ModelRegistry a = replica(schema, "replica-a");
    ModelRegistry b = replica(schema, "replica-b");
    try {
      a.register(Registration.model("fraud", models.get(0)).build());
      a.setAlias("fraud", "champion", 1);
      try (ModelHandle served = b.watch("fraud@champion", REFRESH)) {
        assertThat(served.version().version()).isEqualTo(1);

        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<List<Integer>>> work = new ArrayList<>();
        ModelRegistry[] replicas = {a, b};
        for (int r = 0; r < 2; r++) {
          ModelRegistry reg = replicas[r];
          int first = 1 + r * 5;
          work.add(pool.submit(() -> {
            go.await();
            List<Integer> mine = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
              int v = reg.register(Registration.model("fraud", models.get(first + i)).build()).version();
              mine.add(v);
              while (true) { // move the challenger alias to the newest version this replica made, by compare-and-set
                OptionalInt now = reg.metadataStore().alias("fraud", "challenger");
                if (now.isPresent() && now.getAsInt() > v) {
                  break;
                }
                try {
                  reg.setAlias("fraud", "challenger", v, now);
                  break;
                } catch (ConflictException lost) {
                  // the other replica moved it: read again
                }
              }
            }
            return mine;
          }));
        }
        go.countDown();
        List<Integer> all = new ArrayList<>();
        for (Future<List<Integer>> f : work) {
          all.addAll(f.get(120, TimeUnit.SECONDS));
        }
        pool.shutdown();

        assertThat(all).doesNotHaveDuplicates().hasSize(10);
        assertThat(all.stream().sorted().collect(Collectors.toList()))
            .isEqualTo(IntStream.rangeClosed(2, 11).boxed().collect(Collectors.toList()));
        for (ModelRegistry reg : replicas) {
          assertThat(reg.versions("fraud")).extracting(ModelVersion::version)
              .isEqualTo(IntStream.rangeClosed(1, 11).boxed().collect(Collectors.toList()));
          assertThat(reg.aliases("fraud")).containsEntry("champion", 1);
        }
        assertThat(a.aliases("fraud")).isEqualTo(b.aliases("fraud"));
        List<AuditEvent> logA = a.auditLog("fraud");
        assertThat(logA).isEqualTo(b.auditLog("fraud"));
        assertThat(logA).extracting(AuditEvent::principal).contains("replica-a", "replica-b");
        assertThat(logA).extracting(AuditEvent::sequence)
            .isEqualTo(IntStream.rangeClosed(1, logA.size()).mapToObj(Long::valueOf).collect(Collectors.toList()));

        // replica A promotes a version replica B registered; B's handle follows by polling
        int fromB = b.versions("fraud").stream().filter(v -> v.registeredBy().equals("replica-b"))
            .mapToInt(ModelVersion::version).max().orElseThrow();
        assertThat(served.version().version()).isEqualTo(1);
        a.setAlias("fraud", "champion", fromB, OptionalInt.of(1));
        // documented bound: one refresh interval plus the time to load and verify the new version
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (served.version().version() != fromB && System.nanoTime() < deadline) {
          Thread.sleep(REFRESH.toMillis() / 4);
        }
        assertThat(served.version().version()).isEqualTo(fromB);
        assertThat(served.predictor()).isNotNull();
      }
    } finally {
      a.close();
      b.close();
      a.metadataStore().close();
      b.metadataStore().close();
      a.blobStore().close();
      b.blobStore().close();
    }
  }
}
