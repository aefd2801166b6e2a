package dev.mlops.testing.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.store.JdbcMetadataStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Version allocation on PostgreSQL from several JVMs at once")
class MultiJvmAllocationTest {
  static final int CHILDREN = 3;
  static final int EACH = 40;

  @Test
  @DisplayName("3 JVMs creating 40 versions each of one name get 1..120, each number exactly once, with 120 audit events in order")
  void threeJvms_gapless() throws Exception {
    String schema = PostgresServer.freshSchema();
    String url = PostgresServer.jdbcUrl();
    JdbcMetadataStore.builder().url(url).schema(schema).build().close(); // migrate once, before the children race
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<Process> children = new ArrayList<>();
    for (int c = 0; c < CHILDREN; c++) {
      children.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), RegisteringChild.class.getName(),
          url, schema, "c" + c, String.valueOf(EACH)).redirectErrorStream(true).start());
    }
    List<Integer> got = new ArrayList<>();
    for (Process p : children) {
      List<String> lines = new ArrayList<>();
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          lines.add(line);
        }
      }
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(String.join("\n", lines)).isZero();
      lines.stream().filter(l -> l.startsWith("got ")).forEach(l -> got.add(Integer.parseInt(l.substring(4))));
    }
    List<Integer> expected = IntStream.rangeClosed(1, CHILDREN * EACH).boxed().collect(Collectors.toList());
    assertThat(got.stream().sorted().collect(Collectors.toList())).isEqualTo(expected);
    try (JdbcMetadataStore store = JdbcMetadataStore.builder().url(url).schema(schema).build()) {
      assertThat(store.versionNumbers("shared")).isEqualTo(expected);
      List<AuditEvent> log = store.auditLog("shared");
      assertThat(log).extracting(AuditEvent::sequence)
          .isEqualTo(LongStream.rangeClosed(1, CHILDREN * EACH).boxed().collect(Collectors.toList()));
      assertThat(log.stream().map(AuditEvent::principal).distinct().count()).isEqualTo(CHILDREN);
      assertThat(store.verify()).isEmpty();
    }
  }
}
