package dev.mlops.testing.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.StoreException;
import dev.mlops.core.store.BlobStore;
import dev.mlops.core.store.BlobStores;
import dev.mlops.registry.store.s3.S3BlobStore;
import java.net.URI;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The checksum setting against S3Proxy 2.6.0, which rejects the AWS SDK's newer default checksums:
 * the default for a custom endpoint works, the SDK's own default fails with a hint.
 */
class S3ChecksumSettingTest {

  @Test
  void withACustomEndpoint_theDefaultIsWhenRequired_andWorks() {
    try (S3BlobStore s = S3TestServer.shared().store("cks/" + UUID.randomUUID()).build()) {
      byte[] bytes = BlobStoreCompatibilityKit.seeded(1, 6 << 20);
      assertThat(s.read(s.put(new java.io.ByteArrayInputStream(bytes)).digest())).isEqualTo(bytes);
    }
  }

  @Test
  void whenSupported_isRejectedByS3Proxy_withAHintToUseWhenRequired() {
    URI uri = URI.create(S3TestServer.shared().uri("cks/" + UUID.randomUUID()) + "&checksums=when_supported");
    try (S3BlobStore s = S3BlobStore.fromUri(uri).credentials(S3TestServer.credentials()).build()) {
      assertThatThrownBy(() -> s.put(BlobStoreCompatibilityKit.seeded(2, 1000)))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("checksums=when_required");
    }
  }

  @Test
  void theUriForm_opensThroughTheServiceLoader_withCredentialsFromTheDefaultChain() {
    System.setProperty("aws.accessKeyId", S3TestServer.ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", S3TestServer.SECRET_KEY);
    try (BlobStore s = BlobStores.open(S3TestServer.shared().uri("cks/" + UUID.randomUUID()))) {
      assertThat(s).isInstanceOf(S3BlobStore.class);
      assertThat(s.describe()).startsWith("s3://" + S3TestServer.BUCKET + "/cks/").doesNotContain(S3TestServer.SECRET_KEY);
      byte[] bytes = BlobStoreCompatibilityKit.utf8("through the service loader");
      assertThat(s.read(s.put(bytes).digest())).isEqualTo(bytes);
    } finally {
      System.clearProperty("aws.accessKeyId");
      System.clearProperty("aws.secretAccessKey");
    }
  }
}
