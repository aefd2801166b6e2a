package dev.mlops.testing.store;

import static org.assertj.core.api.Assertions.assertThat;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mlops.core.Digest;
import dev.mlops.core.IntegrityException;
import dev.mlops.core.store.BlobStore;
import dev.mlops.registry.store.s3.S3BlobStore;
import java.io.InputStream;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 store against a real S3 server (S3Proxy on loopback), each test under a prefix of its own.
 * Parts of 5 MiB (the smallest S3 takes) and a multipart threshold of 16 MiB, so the kit's large
 * streams are staged in a file and go up as multipart uploads of parallel parts, and blobs between one
 * part and 16 MiB as one request.
 */
@DisplayName("S3BlobStore passes the blob store compatibility kit")
class S3BlobStoreTest extends BlobStoreCompatibilityKit {
  private static final S3Client RAW = S3TestServer.shared().client();
  private String prefix;

  @AfterAll
  static void noLeftovers() {
    // Every put of every test finished or was aborted: no temporary object or upload is left.
    assertThat(RAW.listMultipartUploads(r -> r.bucket(S3TestServer.BUCKET).prefix("kit/")).uploads()).isEmpty();
    assertThat(RAW.listObjectsV2(r -> r.bucket(S3TestServer.BUCKET).prefix("kit/")).contents())
        .noneMatch(o -> o.key().contains("/tmp/"));
  }

  @Override
  protected BlobStore createStore() {
    prefix = "kit/" + UUID.randomUUID();
    return S3TestServer.shared().store(prefix).partSize(5L << 20).multipartThreshold(16L << 20).build();
  }

  /** Overwrites the object at {@code PREFIX/blobs/sha256/<hex>} with a plain S3 client. */
  @Override
  protected void corrupt(BlobStore store, Digest digest, byte[] replacement) {
    String key = prefix + "/blobs/sha256/" + digest.hex();
    RAW.headObject(r -> r.bucket(S3TestServer.BUCKET).key(key)); // throws if the blob is not there
    RAW.putObject(r -> r.bucket(S3TestServer.BUCKET).key(key), RequestBody.fromBytes(replacement));
  }

  @Override
  protected long largeStreamSize() {
    return 40L * 1024 * 1024 + 1;
  }

  @Test
  @DisplayName("a corrupted blob hashed on a second thread (above 32 MiB) throws IntegrityException when read to the end")
  void largeCorrupted_detected() throws Exception {
    byte[] bytes = seeded(20, 40 << 20);
    Digest d = store().put(bytes).digest();
    byte[] flipped = bytes.clone();
    flipped[37 << 20] ^= 0x10;
    corrupt(store(), d, flipped);
    assertThrows(IntegrityException.class, () -> readThrough(store(), d));
  }

  @Test
  @DisplayName("a large blob's stream closed after a few bytes releases it, and the store keeps serving")
  void largeStream_closedEarly() throws Exception {
    byte[] bytes = seeded(21, 40 << 20);
    Digest d = store().put(bytes).digest();
    for (int i = 0; i < 3; i++) {
      try (InputStream in = store().open(d)) {
        assertThat(in.readNBytes(100)).isEqualTo(java.util.Arrays.copyOf(bytes, 100));
      }
    }
    assertThat(store().read(d)).isEqualTo(bytes);
  }
}
