package dev.mlops.testing.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.Digest;
import dev.mlops.registry.store.s3.S3BlobStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 2 GiB blob through the S3 store in a JVM with a 256 MiB heap: the put streams it in parts (nothing
 * held whole), and the read verifies every byte. The size is the system property
 * {@code mlops.s3.largeBlobBytes} (default 2 GiB).
 */
class S3LargeBlobTest {
  static final long SIZE = Long.getLong("mlops.s3.largeBlobBytes", 2L << 30);
  static final long SEED = 2026;

  @TempDir Path tmp;

  @Test
  void aTwoGibBlob_streamsThroughASmallHeap_andReadsBackVerified() throws Exception {
    S3TestServer server = S3TestServer.shared();
    String prefix = "large/" + java.util.UUID.randomUUID();
    CompletableFuture<Digest> expected = CompletableFuture.supplyAsync(() -> {
      try {
        return BlobStoreCompatibilityKit.digestOf(new BlobStoreCompatibilityKit.SeededInputStream(SEED, SIZE));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    Path out = tmp.resolve("child.out");
    Path err = tmp.resolve("child.err");
    ProcessBuilder pb = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError",
        "-cp", System.getProperty("java.class.path"),
        S3LargeBlobChild.class.getName(), server.uri(prefix).toString(), Long.toString(SIZE), Long.toString(SEED)))
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().put("AWS_ACCESS_KEY_ID", S3TestServer.ACCESS_KEY);
    pb.environment().put("AWS_SECRET_ACCESS_KEY", S3TestServer.SECRET_KEY);
    long t0 = System.nanoTime();
    Process child = pb.start();
    boolean done = child.waitFor(6, TimeUnit.MINUTES);
    if (!done) {
      child.destroyForcibly();
    }
    String stdout = Files.readString(out);
    String stderr = Files.readString(err);
    System.out.printf("S3 large blob: %d bytes in %.1f s%n%s", SIZE, (System.nanoTime() - t0) / 1e9, stdout);
    assertThat(done).as("the child finished within 6 minutes; stdout:%n%s%nstderr:%n%s", stdout, stderr).isTrue();
    assertThat(child.exitValue()).as("child exit code; stdout:%n%s%nstderr:%n%s", stdout, stderr).isZero();

    assertThat(stdout).contains("MAXHEAP ");
    long maxHeap = Long.parseLong(stdout.lines().filter(l -> l.startsWith("MAXHEAP ")).findFirst().orElseThrow().substring(8));
    assertThat(maxHeap).as("the child runs with -Xmx256m").isLessThanOrEqualTo(256L << 20);
    Digest digest = expected.get(5, TimeUnit.MINUTES);
    assertThat(stdout).contains("PUT " + digest + " " + SIZE + " ");
    assertThat(stdout).contains("READ " + SIZE + " verified");

    try (S3BlobStore store = server.store(prefix).build()) {
      assertThat(store.contains(digest)).isTrue();
      // Free the disk of the shared server.
      assertThat(store.deleteIfStoredBefore(digest, Instant.now().plusSeconds(60))).isTrue();
    }
  }
}
