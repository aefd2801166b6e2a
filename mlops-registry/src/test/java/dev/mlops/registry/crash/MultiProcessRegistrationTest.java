package dev.mlops.registry.crash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.registry.AuditAction;
import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.VerificationReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real child JVMs open one fresh file-system store at the same moment and register to the same
 * names as fast as they can: every version number must be handed out exactly once, gapless, with its
 * audit event, and every child's versions must hold exactly what that child wrote.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class MultiProcessRegistrationTest {
  private static final long SEED = Long.getLong("multi.seed", 0xC0FFEE_5EEDL);
  private static final int CHILDREN = 3;
  private static final int PER_CHILD = 40;
  /** Each child registers to the second name on every fourth iteration. */
  private static final int SECOND_PER_CHILD = (PER_CHILD + 3) / 4;
  private static final String MAIN = "shared-model";
  private static final String SECOND = "shared-second";

  @Test
  void concurrentProcessesGetGaplessDistinctVersions(@TempDir Path dir) throws Exception {
    Path root = dir.resolve("store");
    Path logs = dir.resolve("logs");
    String classPath = ChildJvm.snapshotClassPath(dir.resolve("classpath"));
    long start = System.nanoTime();
    List<ChildJvm> children = new ArrayList<>();
    Map<String, List<String>> output = new HashMap<>();
    try {
      for (int i = 0; i < CHILDREN; i++) {
        children.add(ChildJvm.start("multi-" + i, logs, classPath, List.of("mode=multi", "root=" + root, "child=p" + i,
            "seed=" + (SEED + i), "count=" + PER_CHILD, "maxMillis=120000", "names=" + MAIN + "," + SECOND)));
      }
      for (ChildJvm c : children) {
        c.awaitReady(Duration.ofSeconds(90));
      }
      long go = System.nanoTime();
      for (ChildJvm c : children) {
        c.send("GO");
      }
      for (ChildJvm c : children) {
        int exit = c.awaitExit(Duration.ofSeconds(150));
        assertThat(exit).as("exit code of %s; stderr:%n%s", c.label(), c.stderrText()).isZero();
        assertThat(c.tail(1)).as("last line of %s", c.label()).containsExactly("DONE " + PER_CHILD);
        assertThat(c.stderrText()).as("stderr of %s", c.label()).doesNotContain("Exception");
        output.put(c.label().replace("multi-", "p"), c.lines());
      }
      System.out.printf("MultiProcessRegistrationTest: children ready after %d ms, registered in %d ms%n",
          TimeUnit.NANOSECONDS.toMillis(go - start), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - go));
    } finally {
      children.forEach(ChildJvm::close);
    }

    Map<String, List<Committed>> byName = new HashMap<>();
    Map<String, Map<String, List<Integer>>> byChild = new HashMap<>();
    output.forEach((child, lines) -> {
      for (String line : lines) {
        if (line.startsWith("REG ")) {
          Committed c = Committed.parse(child, line);
          byName.computeIfAbsent(c.name(), n -> new ArrayList<>()).add(c);
          byChild.computeIfAbsent(c.name(), n -> new HashMap<>()).computeIfAbsent(child, x -> new ArrayList<>())
              .add(c.version());
        }
      }
    });

    try (ModelRegistry registry = ModelRegistry.open(root)) {
      assertThat(registry.names()).containsExactlyInAnyOrder(MAIN, SECOND);
      checkName(registry, MAIN, CHILDREN * PER_CHILD, byName.get(MAIN), byChild.get(MAIN));
      checkName(registry, SECOND, CHILDREN * SECOND_PER_CHILD, byName.get(SECOND), byChild.get(SECOND));
      VerificationReport report = registry.verify();
      assertThat(report.problems()).as("verify()").isEmpty();
      assertThat(report.versionsChecked()).isEqualTo(CHILDREN * (PER_CHILD + SECOND_PER_CHILD));
      assertThat(report.blobsChecked()).isEqualTo(CHILDREN * (PER_CHILD + SECOND_PER_CHILD));
      assertThat(report.unreferencedBlobs()).as("blobs stored without a version (nothing was killed)").isZero();
    }
  }

  private static void checkName(ModelRegistry registry, String name, int total, List<Committed> reported,
      Map<String, List<Integer>> byChild) {
    List<Integer> all = IntStream.rangeClosed(1, total).boxed().collect(Collectors.toList());
    assertThat(reported).as("registrations reported for %s", name).hasSize(total);
    assertThat(reported.stream().map(Committed::version).collect(Collectors.toList()))
        .as("versions reported for %s, by all children", name).containsExactlyInAnyOrderElementsOf(all);
    byChild.forEach((child, versions) -> assertThat(versions).as("versions %s got for %s, in order", child, name)
        .isSorted().doesNotHaveDuplicates());
    assertThat(byChild).hasSize(CHILDREN);
    List<String> ranges = new ArrayList<>();
    byChild.forEach((child, v) -> ranges.add(child + ":" + v.get(0) + ".." + v.get(v.size() - 1)));
    int switches = switches(reported, total);
    System.out.printf("  %s: %d versions; per child %s; %d switches between children in version order%n", name, total,
        ranges, switches);
    assertThat(switches).as("interleaving of the children's registrations to %s (else nothing ran concurrently)", name)
        .isPositive();

    List<ModelVersion> versions = registry.versions(name);
    assertThat(versions.stream().map(ModelVersion::version).collect(Collectors.toList()))
        .as("stored versions of %s", name).containsExactlyElementsOf(all);
    for (Committed c : reported) {
      ModelVersion v = versions.get(c.version() - 1);
      c.assertMatches(v);
      assertThat(v.tags()).containsEntry("child", c.child());
      Committed.assertBytes(registry, v);
    }

    List<AuditEvent> log = registry.auditLog(name);
    assertThat(log).as("audit log of %s", name).hasSize(total);
    for (int i = 0; i < log.size(); i++) {
      AuditEvent e = log.get(i);
      assertThat(e.sequence()).as("sequence of audit event %d of %s", i, name).isEqualTo(i + 1L);
      assertThat(e.action()).isEqualTo(AuditAction.REGISTER);
      assertThat(e.current()).as("REGISTER event of %s/%d", name, e.version())
          .contains(versions.get(e.version() - 1).manifestDigest().toString());
    }
    assertThat(log.stream().map(AuditEvent::version).collect(Collectors.toList()))
        .as("versions of the REGISTER events of %s, in sequence order", name).containsExactlyElementsOf(all);
  }

  /** How often the child owning version v differs from the owner of v - 1: a measure of interleaving. */
  private static int switches(List<Committed> reported, int total) {
    String[] owner = new String[total + 1];
    reported.forEach(c -> owner[c.version()] = c.child());
    int s = 0;
    for (int v = 2; v <= total; v++) {
      if (!owner[v].equals(owner[v - 1])) {
        s++;
      }
    }
    return s;
  }
}
