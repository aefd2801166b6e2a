package dev.mlops.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.artifact.ArtifactFormat;
import dev.mlops.core.store.InMemoryBlobStore;
import dev.mlops.registry.store.InMemoryMetadataStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Concurrent registration under random schedules: per name, the versions are exactly 1..n (no gap,
 * no duplicate, n the number of registrations), each number went to exactly one caller and holds that
 * caller's bytes, and the audit log has one {@code REGISTER} event per version, numbered 1..n.
 */
class VersionAllocationProperties {

  enum Stores { MEMORY, FILE }

  /** Per thread, the names it registers, in order: 2 to 6 threads, 1 to 8 registrations each. */
  @Provide
  Arbitrary<List<List<String>>> schedules() {
    return Arbitraries.of("alpha", "beta", "gamma").list().ofMinSize(1).ofMaxSize(8).list().ofMinSize(2).ofMaxSize(6);
  }

  @Property(tries = 30)
  void registeringConcurrentlyThroughOneRegistry_numbersEveryNameOneToNWithoutGapOrDuplicate(
      @ForAll("schedules") List<List<String>> schedule, @ForAll Stores stores) throws Exception {
    Path root = Files.createTempDirectory("alloc-");
    try {
      List<ModelRegistry> registries = new ArrayList<>();
      if (stores == Stores.FILE) {
        registries.add(ModelRegistry.open(root));
      } else {
        registries.add(ModelRegistry.builder().blobStore(new InMemoryBlobStore("mem:b"))
            .metadataStore(new InMemoryMetadataStore("mem:m")).principal(() -> "p").build());
      }
      runAndCheck(schedule, registries);
    } finally {
      deleteTree(root);
    }
  }

  @Property(tries = 20)
  void registeringConcurrentlyThroughTwoRegistriesOnOneFileRoot_numbersEveryNameOneToNWithoutGapOrDuplicate(
      @ForAll("schedules") List<List<String>> schedule) throws Exception {
    Path root = Files.createTempDirectory("alloc-");
    try {
      runAndCheck(schedule, List.of(ModelRegistry.open(root), ModelRegistry.open(root)));
    } finally {
      deleteTree(root);
    }
  }

  private static void runAndCheck(List<List<String>> schedule, List<ModelRegistry> registries) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(schedule.size());
    try {
      CountDownLatch start = new CountDownLatch(1);
      Map<String, Map<Integer, String>> given = new ConcurrentHashMap<>();
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < schedule.size(); t++) {
        int thread = t;
        ModelRegistry registry = registries.get(t % registries.size());
        done.add(pool.submit(() -> {
          start.await();
          List<String> names = schedule.get(thread);
          for (int i = 0; i < names.size(); i++) {
            String payload = "thread " + thread + " registration " + i;
            ModelVersion v = registry.register(Registration.bytes(names.get(i), "payload.txt",
                payload.getBytes(StandardCharsets.UTF_8), ArtifactFormat.RAW).build());
            String previous = given.computeIfAbsent(v.name(), k -> new ConcurrentHashMap<>()).putIfAbsent(v.version(), payload);
            assertThat(previous).as("version %s given twice", v.id()).isNull();
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }

      Map<String, Long> expected = new TreeMap<>();
      schedule.stream().flatMap(List::stream).forEach(n -> expected.merge(n, 1L, Long::sum));
      for (ModelRegistry reader : registries) {
        assertThat(reader.names()).containsExactlyElementsOf(expected.keySet());
        for (Map.Entry<String, Long> e : expected.entrySet()) {
          String name = e.getKey();
          int n = e.getValue().intValue();
          List<Integer> oneToN = IntStream.rangeClosed(1, n).boxed().toList();
          assertThat(given.get(name).keySet()).containsExactlyInAnyOrderElementsOf(oneToN);
          assertThat(reader.versions(name)).extracting(ModelVersion::version).containsExactlyElementsOf(oneToN);
          for (int v : oneToN) {
            try (InputStream in = reader.openFile(name + "/" + v, "payload.txt")) {
              assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(given.get(name).get(v));
            }
          }
          List<AuditEvent> log = reader.auditLog(name);
          assertThat(log).extracting(AuditEvent::action).containsOnly(AuditAction.REGISTER);
          assertThat(log).extracting(AuditEvent::sequence)
              .containsExactlyElementsOf(oneToN.stream().map(Integer::longValue).toList());
          assertThat(log).extracting(AuditEvent::version).containsExactlyElementsOf(oneToN);
        }
      }
    } finally {
      pool.shutdownNow();
      registries.forEach(ModelRegistry::close);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}
