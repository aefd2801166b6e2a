package dev.mlops.registry.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.mlops.registry.ModelRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills real child JVMs with SIGKILL ({@code destroyForcibly}) while their runs log metrics: the runs
 * stay RUNNING with a heartbeat that stops advancing, never FINISHED; their logs stay readable
 * (a partial last line is ignored and repaired by the next writer); reaping marks them KILLED.
 */
class RunCrashTest {
  @TempDir Path dir;

  private static final class Child {
    final Process process;
    final Path stdout;
    final Path stderr;

    Child(Process process, Path stdout, Path stderr) {
      this.process = process;
      this.stdout = stdout;
      this.stderr = stderr;
    }

    Optional<String> line(String prefix) throws IOException {
      return Files.readAllLines(stdout, StandardCharsets.UTF_8).stream().filter(l -> l.startsWith(prefix)).findFirst();
    }
  }

  @Test
  void killedJvm_leavesRunRunningWithStaleHeartbeat_neverFinished() throws Exception {
    Path root = dir.resolve("registry");
    Files.createDirectories(root);
    SplittableRandom random = new SplittableRandom(0x5EEDL);
    List<Child> children = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Path out = dir.resolve("child" + i + ".out");
      Path err = dir.resolve("child" + i + ".err");
      Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-XX:TieredStopAtLevel=1", "-Xmx256m", "-cp", System.getProperty("java.class.path"),
          RunningChild.class.getName(), root.toString(), "c" + i)
          .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      children.add(new Child(p, out, err));
    }
    List<String> runIds = new ArrayList<>();
    for (Child c : children) {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (c.line("READY").isEmpty()) {
        if (!c.process.isAlive() || System.nanoTime() > end) {
          fail("child did not get ready: " + Files.readString(c.stderr));
        }
        Thread.sleep(10);
      }
      runIds.add(c.line("RUN ").orElseThrow().substring(4));
    }
    for (Child c : children) {
      Thread.sleep(random.nextInt(50, 300)); // kill at a random instant of the logging loop
      c.process.destroyForcibly();
      assertThat(c.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    try (ModelRegistry registry = ModelRegistry.open(root)) {
      Tracking t = Tracking.of(registry);
      Instant afterKill = Instant.now();
      for (String id : runIds) {
        RunRecord r = t.require(id);
        assertThat(r.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(r.endedAt()).isEmpty();
        assertThat(r.heartbeatAt()).isAfter(r.startedAt()); // heartbeats were written while it lived
        assertThat(r.metrics().get("step")).isGreaterThanOrEqualTo(20.0);
        assertThat(t.metricHistory(id, "step")).hasSizeGreaterThanOrEqualTo(21);
        assertThat(r.isStale(afterKill.plusSeconds(2), Duration.ofSeconds(1))).isTrue();
      }
      assertThat(t.query(RunQuery.builder().experiment("crash").status(RunStatus.FINISHED).build())).isEmpty();
      assertThat(t.query(RunQuery.builder().experiment("crash").status(RunStatus.RUNNING).build()))
          .extracting(RunRecord::runId).containsExactlyInAnyOrderElementsOf(runIds);

      Thread.sleep(1200);
      assertThat(t.reapStale("crash", Duration.ofSeconds(1))).containsExactlyInAnyOrderElementsOf(runIds);
      for (String id : runIds) {
        RunRecord r = t.require(id);
        assertThat(r.status()).isEqualTo(RunStatus.KILLED);
        assertThat(r.failure()).hasValueSatisfying(f -> assertThat(f.message()).startsWith("heartbeat lost"));
      }
    }
  }
}
