package dev.mlops.registry.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.mlops.registry.AuditAction;
import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.VerificationReport;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills real child JVMs with SIGKILL ({@code destroyForcibly}) while they register versions, move an
 * alias and set tags on one file-system store, then checks after every kill that the store is still
 * fully consistent: every committed change is there, nothing half-done is visible, numbering and the
 * audit log are gapless, and the bytes of every version are exactly what was written.
 *
 * <p>Most rounds run one child; every fifth runs two at once on the same store, killed at independent
 * moments, so that a surviving writer (or the next one) recovers from a dead writer while another
 * process works. The children's requests are seeded and deterministic; where the kills land is not.
 *
 * <p>For a longer hunt, override {@code -Dcrash.seed=...}, {@code -Dcrash.kills=...},
 * {@code -Dcrash.parallelEvery=...} (1 = every round) and {@code -Dcrash.parallel=...}, and lift the
 * time limit with {@code -Djunit.jupiter.execution.timeout.mode=disabled}. A failed check writes the
 * round's child output and the raw metadata to {@code target/crash-failures/}.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class CrashSafetyTest {
  private static final long SEED = Long.getLong("crash.seed", 0x5EED_C0FFEEL);
  private static final int KILLS = Integer.getInteger("crash.kills", 50);
  private static final int FULL_CHECK_EVERY = 10;
  private static final int PARALLEL_EVERY = Integer.getInteger("crash.parallelEvery", 5);
  private static final int PARALLEL = Integer.getInteger("crash.parallel", 2);
  private static final List<String> NAMES = List.of("crash-model", "crash-other");

  /** What the children confirmed so far, carried from round to round. */
  private final Map<String, Map<Integer, Committed>> reported = new HashMap<>();
  private final Map<String, Integer> versionCount = new HashMap<>();
  private final Map<String, Integer> bytesCheckedUpTo = new HashMap<>();
  private final Map<String, Integer> alias = new HashMap<>();
  private final Map<String, Map<Integer, String>> tags = new HashMap<>();

  /** Statistics for the report. */
  private int killedMidWork;
  private int killedInRegister;
  private int killedInAliasOrTag;
  private int inFlightRegisterCommitted;
  private int roundsLeavingTempFiles;
  private int roundsLeavingPartialBlob;
  private int roundsLeavingAuditTail;
  private long bytesChecked;
  private int fullChecks;

  /** One killed child's output: what it confirmed, and the change it had begun when it died. */
  private static final class Run {
    final String child;
    final List<String> lines;
    final List<Committed> committed = new ArrayList<>();
    final Map<String, Integer> lastAlias = new HashMap<>();
    final Map<String, Map<Integer, String>> lastTag = new HashMap<>();
    String[] pending;
    int changes;

    Run(String child, List<String> lines) {
      this.child = child;
      this.lines = List.copyOf(lines);
      for (String line : lines) {
        String[] p = line.split(" ");
        switch (p[0]) {
          case "READY":
          case "DONE":
            break;
          case "BEGIN":
            pending = p;
            break;
          case "REG":
            pending = null;
            committed.add(Committed.parse(child, line));
            changes++;
            break;
          case "ALIAS":
            pending = null;
            lastAlias.put(p[1], Integer.parseInt(p[3]));
            changes++;
            break;
          case "TAG":
            pending = null;
            lastTag.computeIfAbsent(p[1], n -> new HashMap<>()).put(Integer.parseInt(p[2]), p[4]);
            changes++;
            break;
          default:
            fail("child %s printed an unexpected line: %s", child, line);
        }
      }
    }

    /** Whether the child died inside a change of this kind ("REG", "ALIAS", "TAG") to this name. */
    boolean diedIn(String kind, String name) {
      return pending != null && pending[1].equals(kind) && pending[2].equals(name);
    }

    int confirmedVersions(String name) {
      return (int) committed.stream().filter(c -> c.name().equals(name)).count();
    }
  }

  @Test
  void killedWritersNeverLeaveTheStoreInconsistent(@TempDir Path dir) throws Exception {
    Path root = dir.resolve("store");
    Path logs = dir.resolve("logs");
    String classPath = ChildJvm.snapshotClassPath(dir.resolve("classpath"));
    Random random = new Random(SEED);
    long start = System.nanoTime();
    long startupMillis = 0;
    long checkNanos = 0;
    int changes = 0;
    int kills = 0;
    int rounds = 0;
    while (kills < KILLS) {
      int parallel = rounds % PARALLEL_EVERY == PARALLEL_EVERY - 1 ? PARALLEL : 1;
      Set<String> tmpBefore = tmpFiles(root);
      List<Run> runs = new ArrayList<>();
      List<ChildJvm> children = new ArrayList<>();
      try {
        for (int i = 0; i < parallel; i++) {
          String id = "c" + (kills + i);
          children.add(ChildJvm.start("crash-" + id, logs, classPath, List.of("mode=crash", "root=" + root,
              "child=" + id, "seed=" + random.nextLong(), "count=1000000", "maxMillis=20000",
              "names=" + String.join(",", NAMES))));
        }
        for (ChildJvm child : children) {
          child.awaitReady(Duration.ofSeconds(60));
          startupMillis += child.startupMillis();
        }
        long ready = System.nanoTime();
        List<long[]> killAt = new ArrayList<>();
        for (int i = 0; i < parallel; i++) {
          killAt.add(new long[] {50 + random.nextInt(351), i});
        }
        killAt.sort((a, b) -> Long.compare(a[0], b[0]));
        for (long[] k : killAt) {
          long wait = k[0] - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - ready);
          if (wait > 0) {
            Thread.sleep(wait);
          }
          ChildJvm child = children.get((int) k[1]);
          boolean alive = child.kill();
          List<String> lines = child.lines();
          boolean done = lines.get(lines.size() - 1).startsWith("DONE");
          if (!alive) {
            assertThat(child.exitValue()).as("exit code of %s, which ended before the kill; stderr:%n%s", child.label(),
                child.stderrText()).isZero();
            assertThat(done).as("%s ended before the kill without finishing its loop", child.label()).isTrue();
          } else if (!done) {
            killedMidWork++;
          }
          assertThat(child.stderrText()).as("stderr of %s", child.label()).doesNotContain("Exception");
          String last = lines.get(lines.size() - 1);
          if (last.startsWith("BEGIN REG")) {
            killedInRegister++;
          } else if (last.startsWith("BEGIN")) {
            killedInAliasOrTag++;
          }
        }
        for (ChildJvm child : children) {
          runs.add(new Run(child.label().substring("crash-".length()), child.lines()));
        }
      } finally {
        children.forEach(ChildJvm::close);
      }
      rounds++;
      int killsBefore = kills;
      kills += parallel;
      changes += runs.stream().mapToInt(r -> r.changes).sum();

      Set<String> leftovers = new HashSet<>(tmpFiles(root));
      leftovers.removeAll(tmpBefore);
      if (!leftovers.isEmpty()) {
        roundsLeavingTempFiles++;
      }
      if (leftovers.stream().anyMatch(f -> f.startsWith("blob-"))) {
        roundsLeavingPartialBlob++;
      }

      long t = System.nanoTime();
      boolean full = kills / FULL_CHECK_EVERY > killsBefore / FULL_CHECK_EVERY || kills >= KILLS;
      try {
        checkAfterRound(root, runs, full);
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + "\nRound " + rounds + " evidence: " + dumpEvidence(root, rounds, runs), e);
      }
      checkNanos += System.nanoTime() - t;
    }
    long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    int versions = versionCount.values().stream().mapToInt(Integer::intValue).sum();
    System.out.printf("CrashSafetyTest: %d kills in %d rounds, %d ms (child start-up avg %d ms, checks %d ms, %d full "
            + "checks); %d killed mid-work, %d inside register (%d in-flight registrations committed anyway), %d inside "
            + "an alias/tag change; %d rounds left temporary files (%d a partial blob), %d an uncommitted audit tail; "
            + "%d committed changes reported, %d versions, %d MiB of bytes re-read and compared%n",
        kills, rounds, elapsed, startupMillis / kills, TimeUnit.NANOSECONDS.toMillis(checkNanos), fullChecks,
        killedMidWork, killedInRegister, inFlightRegisterCommitted, killedInAliasOrTag, roundsLeavingTempFiles,
        roundsLeavingPartialBlob, roundsLeavingAuditTail, changes, versions, bytesChecked >> 20);

    assertThat(killedMidWork).as("kills that landed while the child was still working").isGreaterThanOrEqualTo(kills * 8 / 10);
    assertThat(killedInRegister).as("kills that landed inside a registration").isGreaterThan(0);
    assertThat(roundsLeavingTempFiles + roundsLeavingAuditTail)
        .as("kills that interrupted a file write (a temporary file or an uncommitted audit line left behind)")
        .isGreaterThan(0);
    assertThat(versions).as("versions registered").isGreaterThanOrEqualTo(KILLS);
  }

  /** Folds the killed children's output into the expected state and checks the store against it. */
  private void checkAfterRound(Path root, List<Run> runs, boolean full) throws IOException {
    String who = runs.stream().map(r -> r.child).collect(Collectors.joining("+"));
    for (Run r : runs) {
      for (Committed c : r.committed) {
        Committed earlier = reported.computeIfAbsent(c.name(), n -> new HashMap<>()).putIfAbsent(c.version(), c);
        if (earlier != null) {
          fail("version %s/%d was reported committed twice: by %s (%s) and by %s (%s)", c.name(), c.version(),
              earlier.child(), earlier.digest(), c.child(), c.digest());
        }
      }
    }

    try (ModelRegistry registry = ModelRegistry.open(root)) {
      assertThat(registry.metadataStore().verify()).as("metadata problems after killing %s", who).isEmpty();
      assertThat(NAMES).containsAll(registry.names());
      boolean auditTail = false;
      for (String name : NAMES) {
        List<ModelVersion> versions = registry.versions(name);
        int n = versions.size();
        assertThat(versions.stream().map(ModelVersion::version).collect(Collectors.toList()))
            .as("version numbers of %s after killing %s", name, who)
            .containsExactlyElementsOf(IntStream.rangeClosed(1, n).boxed().collect(Collectors.toList()));

        // Exactly the reported registrations appeared, plus those in flight that got committed.
        int before = versionCount.getOrDefault(name, 0);
        int confirmed = runs.stream().mapToInt(r -> r.confirmedVersions(name)).sum();
        int inFlight = (int) runs.stream().filter(r -> r.diedIn("REG", name)).count();
        assertThat(n - before).as("new versions of %s from %s", name, who).isBetween(confirmed, confirmed + inFlight);
        inFlightRegisterCommitted += n - before - confirmed;
        versionCount.put(name, n);

        for (Committed c : reported.getOrDefault(name, Map.of()).values()) {
          assertThat(c.version()).as("reported version %s/%d", name, c.version()).isLessThanOrEqualTo(n);
          c.assertMatches(versions.get(c.version() - 1));
        }
        int from = full ? 1 : bytesCheckedUpTo.getOrDefault(name, 0) + 1;
        for (int v = from; v <= n; v++) {
          bytesChecked += Committed.assertBytes(registry, versions.get(v - 1));
        }
        bytesCheckedUpTo.put(name, n);

        List<AuditEvent> log = registry.auditLog(name);
        checkAudit(name, who, log, versions);
        checkAlias(registry, name, who, log, runs);
        checkTags(name, who, log, versions, runs);
        long rawLines = rawAuditLines(root, name);
        auditTail |= rawLines != log.size() || !rawAuditEndsWithNewline(root, name);
        assertThat(rawLines).as("audit lines of %s beyond the committed ones", name)
            .isBetween((long) log.size(), log.size() + 1L);
      }
      if (auditTail) {
        roundsLeavingAuditTail++;
      }
      if (full) {
        fullChecks++;
        VerificationReport report = registry.verify();
        assertThat(report.problems()).as("verify() after killing %s", who).isEmpty();
        assertThat(report.versionsChecked()).isEqualTo(versionCount.values().stream().mapToInt(Integer::intValue).sum());
      }
    }
  }

  private static void checkAudit(String name, String child, List<AuditEvent> log, List<ModelVersion> versions) {
    for (int i = 0; i < log.size(); i++) {
      assertThat(log.get(i).sequence()).as("sequence of audit event %d of %s after killing %s", i, name, child)
          .isEqualTo(i + 1L);
      assertThat(log.get(i).name()).isEqualTo(name);
    }
    List<AuditEvent> registers = log.stream().filter(e -> e.action() == AuditAction.REGISTER).collect(Collectors.toList());
    assertThat(registers.stream().map(AuditEvent::version).collect(Collectors.toList()))
        .as("versions of the REGISTER events of %s after killing %s", name, child)
        .containsExactlyElementsOf(IntStream.rangeClosed(1, versions.size()).boxed().collect(Collectors.toList()));
    for (AuditEvent e : registers) {
      assertThat(e.current()).as("REGISTER event of %s/%d", name, e.version())
          .contains(versions.get(e.version() - 1).manifestDigest().toString());
    }
  }

  /**
   * The alias is where the last committed move put it: the last move some child confirmed, or one
   * it had begun when it died; the old value only if no child confirmed a move.
   */
  private void checkAlias(ModelRegistry registry, String name, String who, List<AuditEvent> log, List<Run> runs) {
    Integer actual = registry.aliases(name).get(RegisteringChild.ALIAS);
    Set<Integer> possible = new HashSet<>();
    if (runs.stream().noneMatch(r -> r.lastAlias.containsKey(name))) {
      possible.add(alias.get(name));
    }
    for (Run r : runs) {
      if (r.lastAlias.containsKey(name)) {
        possible.add(r.lastAlias.get(name));
      }
      if (r.diedIn("ALIAS", name)) {
        possible.add(Integer.parseInt(r.pending[4]));
      }
    }
    assertThat(possible).as("where %s@%s may point after killing %s", name, RegisteringChild.ALIAS, who).contains(actual);
    if (actual == null) {
      alias.remove(name);
    } else {
      alias.put(name, actual);
    }
    Optional<AuditEvent> lastMove = log.stream()
        .filter(e -> e.action().isAliasChange() && e.key().equals(RegisteringChild.ALIAS))
        .reduce((a, b) -> b);
    assertThat(lastMove.map(AuditEvent::version).orElse(null))
        .as("the last audited move of %s@%s", name, RegisteringChild.ALIAS).isEqualTo(actual);
  }

  /** Every tag holds the value of its last committed change (as for the alias) and matches its last audit event. */
  private void checkTags(String name, String who, List<AuditEvent> log, List<ModelVersion> versions, List<Run> runs) {
    Map<Integer, String> expected = tags.computeIfAbsent(name, n -> new HashMap<>());
    Map<Integer, String> lastAudited = new HashMap<>();
    for (AuditEvent e : log) {
      if (e.action() == AuditAction.TAG_SET && e.key().equals(RegisteringChild.TAG_KEY)) {
        lastAudited.put(e.version(), e.current().orElseThrow());
      }
    }
    for (ModelVersion v : versions) {
      int n = v.version();
      String actual = v.tags().get(RegisteringChild.TAG_KEY);
      Set<String> possible = new HashSet<>();
      if (runs.stream().noneMatch(r -> r.lastTag.getOrDefault(name, Map.of()).containsKey(n))) {
        possible.add(expected.get(n));
      }
      for (Run r : runs) {
        String last = r.lastTag.getOrDefault(name, Map.of()).get(n);
        if (last != null) {
          possible.add(last);
        }
        if (r.diedIn("TAG", name) && Integer.parseInt(r.pending[3]) == n) {
          possible.add(r.pending[5]);
        }
      }
      assertThat(possible).as("tag %s of %s/%d after killing %s", RegisteringChild.TAG_KEY, name, n, who)
          .contains(actual);
      if (actual != null) {
        expected.put(n, actual);
      }
      assertThat(lastAudited.get(n)).as("last audited tag of %s/%d", name, n).isEqualTo(actual);
    }
  }

  /**
   * Writes the failed round's child output and the raw audit logs to target/crash-failures, for a
   * post-mortem; the store itself is in a temporary directory that JUnit removes.
   */
  private static String dumpEvidence(Path root, int round, List<Run> runs) {
    StringBuilder b = new StringBuilder();
    for (Run r : runs) {
      b.append("=== stdout of ").append(r.child).append('\n');
      r.lines.forEach(l -> b.append(l).append('\n'));
    }
    for (String name : NAMES) {
      try {
        b.append("=== raw audit log of ").append(name).append('\n')
            .append(new String(rawAudit(root, name), java.nio.charset.StandardCharsets.UTF_8));
        Path versions = root.resolve("meta").resolve("models").resolve(name).resolve("versions");
        if (Files.isDirectory(versions)) {
          try (DirectoryStream<Path> files = Files.newDirectoryStream(versions)) {
            for (Path f : files) {
              b.append("=== ").append(name).append('/').append(f.getFileName()).append(": ")
                  .append(Files.readString(f).replaceAll("\"manifest\":\"(\\\\.|[^\"\\\\])*\"", "\"manifest\":...")).append('\n');
            }
          }
        }
      } catch (IOException e) {
        b.append("(unreadable: ").append(e).append(")\n");
      }
    }
    try {
      Path out = Path.of("target", "crash-failures", "round-" + round + ".txt").toAbsolutePath();
      Files.createDirectories(out.getParent());
      Files.writeString(out, b);
      return out.toString();
    } catch (IOException e) {
      return "(could not write: " + e + ")";
    }
  }

  private static long rawAuditLines(Path root, String name) throws IOException {
    byte[] b = rawAudit(root, name);
    long lines = 0;
    for (byte x : b) {
      if (x == '\n') {
        lines++;
      }
    }
    return lines;
  }

  private static boolean rawAuditEndsWithNewline(Path root, String name) throws IOException {
    byte[] b = rawAudit(root, name);
    return b.length == 0 || b[b.length - 1] == '\n';
  }

  private static byte[] rawAudit(Path root, String name) throws IOException {
    try {
      return Files.readAllBytes(root.resolve("meta").resolve("models").resolve(name).resolve("audit.jsonl"));
    } catch (NoSuchFileException e) {
      return new byte[0];
    }
  }

  private static Set<String> tmpFiles(Path root) throws IOException {
    Set<String> out = new HashSet<>();
    Path tmp = root.resolve("tmp");
    if (!Files.isDirectory(tmp)) {
      return out;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(tmp)) {
      for (Path f : files) {
        out.add(f.getFileName().toString());
      }
    }
    return out;
  }
}
