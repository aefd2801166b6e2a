package dev.mlops.testing.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.StoreException;
import dev.mlops.core.artifact.ArtifactFormat;
import dev.mlops.core.store.StoredBlob;
import dev.mlops.registry.GcReport;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Registration;
import dev.mlops.registry.store.InMemoryMetadataStore;
import dev.mlops.registry.store.s3.S3BlobStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

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
        S3Client sdk = server.client();
        // Each 12 MiB file goes up as a multipart upload of three 5 MiB parts, one after another. The
        // second file's upload stops the server once its first part is stored: no request is then in
        // flight (S3Proxy's file backend cannot survive a stop in the middle of writing a part, which a
        // real S3 service does), and its second part finds the server gone.
        S3BlobStore s3 = server.store("fault").client(stoppingAtSecondPartOfSecondUpload(sdk, server))
            .partSize(5L << 20).multipartThreshold(5L << 20).uploadThreads(1).build()) {
      InMemoryMetadataStore metadata = new InMemoryMetadataStore("mem:fault");
      try (ModelRegistry registry = ModelRegistry.builder().blobStore(s3).metadataStore(metadata).build()) {
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
  void aPartFailingAmongParallelParts_failsThePut_abortsItsUpload_andStoresNothing() throws Exception {
    try (S3TestServer server = S3TestServer.startNew(tmp.resolve("s3p"));
        S3Client raw = server.client();
        S3Client sdk = server.client();
        S3BlobStore s3 = server.store("parallel").client(failingPart(sdk, 3))
            .partSize(5L << 20).multipartThreshold(5L << 20).uploadThreads(4).build()) {
      byte[] bytes = BlobStoreCompatibilityKit.seeded(4, 31 << 20); // seven parts, four at a time
      assertThatThrownBy(() -> s3.put(new java.io.ByteArrayInputStream(bytes)))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("upload part 3");
      assertThat(raw.listMultipartUploads(r -> r.bucket(S3TestServer.BUCKET).prefix("parallel/")).uploads())
          .as("the failed upload was aborted").isEmpty();
      List<StoredBlob> stored = new ArrayList<>();
      s3.forEachStored(stored::add);
      assertThat(stored).isEmpty();
      // The same bytes go up once the part uploads work again (the failure happens once).
      var info = s3.put(new java.io.ByteArrayInputStream(bytes));
      assertThat(s3.read(info.digest())).isEqualTo(bytes);
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
   * An S3 client that stops the server just before the second part of the second multipart upload it
   * sees (so once that upload has one part stored); every call goes to the client unchanged.
   */
  private static S3Client stoppingAtSecondPartOfSecondUpload(S3Client delegate, S3TestServer server) {
    Map<String, Integer> partsPerUpload = new ConcurrentHashMap<>();
    boolean[] stopped = {false};
    return intercepting(delegate, (method, args) -> {
      if (method.getName().equals("uploadPart") && !stopped[0]) {
        String uploadId = uploadIdOf(args[0]);
        int parts = partsPerUpload.merge(uploadId, 1, Integer::sum);
        if (partsPerUpload.size() == 2 && parts == 2) {
          stopped[0] = true;
          server.stop();
        }
      }
    });
  }

  /** An S3 client whose n-th part upload fails once, as a connection lost would. */
  private static S3Client failingPart(S3Client delegate, int partNumber) {
    boolean[] failed = {false};
    return intercepting(delegate, (method, args) -> {
      if (method.getName().equals("uploadPart") && !failed[0] && partNumberOf(args[0]) == partNumber) {
        failed[0] = true;
        throw SdkClientException.create("connection reset (injected by the test)");
      }
    });
  }

  private interface BeforeCall {
    void before(java.lang.reflect.Method method, Object[] args);
  }

  private static S3Client intercepting(S3Client delegate, BeforeCall before) {
    return (S3Client) Proxy.newProxyInstance(S3Client.class.getClassLoader(), new Class<?>[] {S3Client.class}, (proxy, method, args) -> {
      before.before(method, args); // a default method runs on the delegate: it is seen once, here
      try {
        return method.invoke(delegate, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    });
  }

  @SuppressWarnings("unchecked")
  private static UploadPartRequest request(Object arg) {
    return arg instanceof UploadPartRequest r ? r
        : UploadPartRequest.builder().applyMutation((java.util.function.Consumer<UploadPartRequest.Builder>) arg).build();
  }

  private static String uploadIdOf(Object arg) {
    return request(arg).uploadId();
  }

  private static int partNumberOf(Object arg) {
    return request(arg).partNumber();
  }
}
