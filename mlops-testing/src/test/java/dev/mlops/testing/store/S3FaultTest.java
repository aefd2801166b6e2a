package dev.mlops.testing.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.StoreException;
import dev.mlops.core.artifact.ArtifactFormat;
import dev.mlops.core.store.BlobStore;
import dev.mlops.core.store.StoredBlob;
import dev.mlops.registry.GcReport;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Registration;
import dev.mlops.registry.store.InMemoryMetadataStore;
import dev.mlops.registry.store.s3.S3BlobStore;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 server stops in the middle of a registration: the registration fails with a
 * {@link StoreException}, nothing is registered, and once the server is back, {@code gc()} removes the
 * blob the registration had stored and the upload it left unfinished.
 */
class S3FaultTest {
  @TempDir Path tmp;

  @Test
  void serverStoppedMidUpload_failsClearly_registersNothing_andGcRemovesTheOrphans() throws Exception {
    Path artifact = Files.createDirectories(tmp.resolve("artifact"));
    Files.write(artifact.resolve("a.bin"), BlobStoreCompatibilityKit.seeded(1, 12 << 20));
    Files.write(artifact.resolve("b.bin"), BlobStoreCompatibilityKit.seeded(2, 12 << 20));
    try (S3TestServer server = S3TestServer.startNew(Files.createDirectories(tmp.resolve("s3")));
        S3Client raw = server.client();
        S3BlobStore s3 = server.store("fault").partSize(5L << 20).maxAttempts(2)
            .timeouts(Duration.ofSeconds(2), Duration.ofSeconds(10)).build()) {
      InMemoryMetadataStore metadata = new InMemoryMetadataStore("mem:fault");
      // The second file's put stops the server between its parts: once part 1 (5 MiB) is on the
      // server and part 2 is being read, so part 2's upload finds the server gone.
      BlobStore stopping = stoppingSecondPut(s3, server, raw);
      try (ModelRegistry registry = ModelRegistry.builder().blobStore(stopping).metadataStore(metadata).build()) {
        assertThatThrownBy(() -> registry.register(Registration.directory("m", artifact, ArtifactFormat.RAW).build()))
            .isInstanceOf(StoreException.class)
            .hasMessageContaining("cannot be reached")
            .hasMessageContaining("s3://" + S3TestServer.BUCKET + "/fault")
            .hasMessageNotContaining(S3TestServer.SECRET_KEY);
        assertThat(registry.names()).isEmpty();
        assertThat(registry.versions("m")).isEmpty();
        assertThat(metadata.auditLog("m")).isEmpty();
      }

      server.start();
      List<StoredBlob> left = new ArrayList<>();
      s3.forEachStored(left::add);
      assertThat(left).as("the first file's blob is stored, orphaned").hasSize(1);
      assertThat(raw.listMultipartUploads(r -> r.bucket(S3TestServer.BUCKET).prefix("fault/")).uploads())
          .as("the second file's upload could not be aborted while the server was down").isNotEmpty();

      try (ModelRegistry registry = ModelRegistry.builder().blobStore(s3).metadataStore(metadata).build()) {
        GcReport report = registry.gc(Duration.ZERO);
        assertThat(report.removed()).extracting(StoredBlob::digest).containsExactly(left.get(0).digest());
        assertThat(report.incompleteWritesRemoved()).isPositive();
        assertThat(raw.listMultipartUploads(r -> r.bucket(S3TestServer.BUCKET).prefix("fault/")).uploads()).isEmpty();
        assertThat(raw.listObjectsV2(r -> r.bucket(S3TestServer.BUCKET).prefix("fault/")).contents()).isEmpty();

        // With the server back, the same registration succeeds and verifies.
        ModelVersion v = registry.register(Registration.directory("m", artifact, ArtifactFormat.RAW).build());
        assertThat(v.version()).isEqualTo(1);
        assertThat(registry.verify().isClean()).isTrue();
        assertThat(registry.gc(Duration.ZERO).removed()).isEmpty();
      }
    }
  }

  @Test
  void serverDownForAMoment_aPutSucceedsThroughTheRetriesWithBackoff() throws Exception {
    try (S3TestServer server = S3TestServer.startNew(tmp.resolve("s3c"));
        S3BlobStore s3 = server.store("retry").maxAttempts(8).build()) {
      server.stop();
      Thread restarter = new Thread(() -> {
        try {
          Thread.sleep(300);
        } catch (InterruptedException e) {
          return;
        }
        server.start();
      });
      restarter.start();
      byte[] bytes = BlobStoreCompatibilityKit.seeded(3, 4096);
      var info = s3.put(bytes); // refused at first; a retry after the restart goes through
      restarter.join();
      assertThat(s3.read(info.digest())).isEqualTo(bytes);
    }
  }

  @Test
  void unreachableServer_failsWithAStoreException_namingTheStore() {
    try (S3TestServer server = S3TestServer.startNew(tmp.resolve("s3b"))) {
      server.stop();
      long t0 = System.nanoTime();
      assertThatThrownBy(() -> server.store("x").maxAttempts(3).build())
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("cannot be reached")
          .hasMessageContaining("retried")
          .hasMessageNotContaining(S3TestServer.SECRET_KEY)
          .satisfies(e -> assertThat(((StoreException) e).store()).startsWith("s3://" + S3TestServer.BUCKET + "/x"));
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30));
    }
  }

  /**
   * The S3 store, stopping the server while the second put's stream is read, once the server holds the
   * put's first part: no request is then in flight (S3Proxy's file backend cannot survive a stop in the
   * middle of writing a part, which a real S3 service does), and the next part's upload fails. Every
   * other call goes to the store unchanged.
   */
  private static BlobStore stoppingSecondPut(BlobStore delegate, S3TestServer server, S3Client raw) {
    int[] puts = {0};
    boolean[] stopped = {false};
    return (BlobStore) Proxy.newProxyInstance(BlobStore.class.getClassLoader(), new Class<?>[] {BlobStore.class}, (proxy, method, args) -> {
      Object[] actual = args;
      if (method.getName().equals("put") && args[0] instanceof InputStream && ++puts[0] == 2) {
        actual = new Object[] {new FilterInputStream((InputStream) args[0]) {
          long read;

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            read += Math.max(n, 0);
            if (read > (6 << 20) && !stopped[0]) {
              stopOnceAPartIsStored(server, raw);
              stopped[0] = true;
            }
            return n;
          }
        }};
      }
      try {
        return method.invoke(delegate, actual);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    });
  }

  private static void stopOnceAPartIsStored(S3TestServer server, S3Client raw) {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      try {
        for (var u : raw.listMultipartUploads(r -> r.bucket(S3TestServer.BUCKET).prefix("fault/")).uploads()) {
          if (!raw.listParts(r -> r.bucket(S3TestServer.BUCKET).key(u.key()).uploadId(u.uploadId())).parts().isEmpty()) {
            server.stop();
            return;
          }
        }
      } catch (software.amazon.awssdk.core.exception.SdkException busy) {
        // a part being written cannot be listed yet: look again
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    throw new AssertionError("the first part of the upload never reached the server");
  }
}
