package dev.mlops.testing.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.Digest;
import dev.mlops.core.artifact.ArtifactKind;
import dev.mlops.core.artifact.VersionId;
import dev.mlops.registry.AuditAction;
import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.VersionQuery;
import dev.mlops.registry.spi.ModelSnapshot;
import dev.mlops.registry.spi.VersionRecord;
import dev.mlops.registry.spi.VersionState;
import dev.mlops.registry.store.JdbcMetadataStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * 100,000 versions of one model (plus 300 small models), written through the store's multi-row
 * import path in about ten seconds, then paged through and searched. The plans are read with
 * EXPLAIN after ANALYZE, so they show what PostgreSQL does on a table of this size.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("JdbcMetadataStore at 100,000 versions: paging and indexed search")
class JdbcScaleTest {
  static final int BIG = 100_000;
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  String schema;
  JdbcMetadataStore store;

  static VersionRecord version(String name, int n, Instant at, Map<String, String> tags) {
    String json = "{\"name\":\"" + name + "\",\"n\":" + n + "}";
    return new VersionRecord(new VersionId(name, n), ArtifactKind.MODEL, Digest.sha256(json.getBytes(StandardCharsets.UTF_8)),
        json, at, "loader", VersionState.initial(tags, "", List.of()));
  }

  static AuditEvent registered(VersionRecord r) {
    return new AuditEvent(r.id().version(), r.registeredAt(), "loader", AuditAction.REGISTER, r.id().name(), r.id().version(),
        "", Optional.empty(), Optional.of(r.manifestDigest().toString()));
  }

  @BeforeAll
  void load() {
    schema = PostgresServer.freshSchema();
    store = JdbcMetadataStore.builder().url(PostgresServer.jdbcUrl()).schema(schema).build();
    List<VersionRecord> versions = new ArrayList<>(BIG);
    List<AuditEvent> log = new ArrayList<>(BIG);
    for (int n = 1; n <= BIG; n++) {
      Map<String, String> tags = n % 25_000 == 0 ? Map.of("shard", "s" + n % 10, "rare", "yes") : Map.of("shard", "s" + n % 10);
      VersionRecord r = version("big", n, T0.plusSeconds(n * 60L), tags);
      versions.add(r);
      log.add(registered(r));
    }
    store.importModel(new ModelSnapshot("big", versions, Map.of(), log));
    for (int m = 0; m < 300; m++) {
      String name = String.format("m-%03d", m);
      List<VersionRecord> vs = new ArrayList<>();
      List<AuditEvent> ev = new ArrayList<>();
      for (int n = 1; n <= 3; n++) {
        VersionRecord r = version(name, n, T0.minusSeconds(m * 3600L + n), Map.of("team", "t" + m % 7));
        vs.add(r);
        ev.add(registered(r));
      }
      store.importModel(new ModelSnapshot(name, vs, Map.of(), ev));
    }
    PostgresServer.execute("ANALYZE " + schema + ".mlops_version");
  }

  @AfterAll
  void close() {
    store.close();
    PostgresServer.execute("DROP SCHEMA " + schema + " CASCADE");
  }

  @Test
  @DisplayName("paging 100,000 versions 1,000 at a time returns every version once, in order, in 100 pages")
  void pagesThrough100k() {
    int after = 0;
    int pages = 0;
    int expected = 1;
    while (true) {
      List<VersionRecord> page = store.listVersions("big", after, 1000);
      if (page.isEmpty()) {
        break;
      }
      for (VersionRecord r : page) {
        assertThat(r.id().version()).isEqualTo(expected++);
      }
      after = page.get(page.size() - 1).id().version();
      pages++;
    }
    assertThat(expected - 1).isEqualTo(BIG);
    assertThat(pages).isEqualTo(100);
    assertThat(store.getVersion("big", 54_321)).contains(version("big", 54_321, T0.plusSeconds(54_321 * 60L), Map.of("shard", "s1")));
    assertThat(store.verify()).isEmpty();
  }

  @Test
  @DisplayName("a tag search finds the 4 rare versions among 100,900 through the GIN index on tags")
  void tagSearch_usesGinIndex() {
    VersionQuery q = VersionQuery.builder().tag("rare", "yes").build();
    assertThat(store.search(q)).extracting(r -> r.id().version()).containsExactly(25_000, 50_000, 75_000, 100_000);
    assertThat(store.explainSearch(q)).contains("mlops_version_tags");
  }

  @Test
  @DisplayName("a one-hour time range finds its 60 versions through the index on registered_at")
  void timeRange_usesIndex() {
    Instant from = T0.plusSeconds(1000 * 60L);
    VersionQuery q = VersionQuery.builder().registeredBetween(from, from.plusSeconds(3600)).build();
    assertThat(store.search(q)).extracting(r -> r.id().version()).hasSize(60).startsWith(1000).endsWith(1059);
    assertThat(store.explainSearch(q)).contains("mlops_version_registered_at");
  }

  @Test
  @DisplayName("a name-prefix search reads the primary key's range, not the whole table")
  void namePrefix_usesPrimaryKey() {
    VersionQuery q = VersionQuery.builder().namePrefix("m-01").build();
    assertThat(store.search(q)).hasSize(30).allMatch(r -> r.id().name().startsWith("m-01"));
    assertThat(store.explainSearch(q)).contains("mlops_version_pkey").doesNotContain("Seq Scan");
  }
}
