package dev.mlops.registry.store.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.StoreException;
import dev.mlops.core.store.BlobStores;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** The S3 store's URI form and settings, and its errors when the server cannot be reached (no server needed). */
class S3BlobStoreSettingsTest {
  static final String SECRET = "do-not-log-this-secret";

  @Test
  void malformedUris_andUnknownSettings_areRefusedWithTheFieldNamed() {
    assertThatThrownBy(() -> S3BlobStore.fromUri(URI.create("s3:opaque"))).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("s3://BUCKET");
    assertThatThrownBy(() -> S3BlobStore.fromUri(URI.create("s3://Bad_Bucket/p"))).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> S3BlobStore.fromUri(URI.create("s3://bucket/p?secretKey=x")))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("Unknown S3 store setting 'secretKey'")
        .hasMessageContaining("default provider chain");
    assertThatThrownBy(() -> S3BlobStore.fromUri(URI.create("s3://bucket/p?pathStyle=yes")))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("pathStyle");
    assertThatThrownBy(() -> S3BlobStore.fromUri(URI.create("s3://bucket/p?checksums=never")))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("when_required");
    assertThatThrownBy(() -> S3BlobStore.fromUri(URI.create("s3://bucket/p?partSize=1024")))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("5 MiB");
    assertThatThrownBy(() -> S3BlobStore.fromUri(URI.create("s3://bucket/p?multipartThreshold=1024")))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("multipart threshold");
    assertThatThrownBy(() -> S3BlobStore.fromUri(URI.create("s3://bucket/p?multipartThreshold=" + (6L << 30))))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("5 GiB");
    assertThatThrownBy(() -> S3BlobStore.fromUri(URI.create("s3://bucket/p?uploadThreads=0")))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("uploadThreads");
    assertThat(S3BlobStore.fromUri(URI.create("s3://bucket/p?multipartThreshold=67108864&uploadThreads=2&spoolDir=/tmp")))
        .isNotNull();
    assertThatThrownBy(() -> S3BlobStore.fromUri(URI.create("s3://bucket/p?endpoint=ftp://host")))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("http");
    assertThatThrownBy(() -> S3BlobStore.fromUri(URI.create("s3://bucket/a/../b"))).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> S3BlobStore.fromUri(URI.create("s3://bucket/p?region=a&region=b")))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("twice");
  }

  @Test
  void aSettingGivenTwice_isRefused() {
    S3BlobStore.Builder b = S3BlobStore.builder().bucket("models");
    assertThatThrownBy(() -> b.bucket("other")).isInstanceOf(IllegalStateException.class);
    b.region("eu-west-1");
    assertThatThrownBy(() -> b.region("us-east-1")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void anUnreachableEndpoint_failsWithAStoreException_afterRetries_withoutTheSecret() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort(); // closed again: nothing listens there
    }
    URI uri = URI.create("s3://models/prod?endpoint=http://127.0.0.1:" + port + "&maxAttempts=3");
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> S3BlobStore.fromUri(uri)
            .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("access", SECRET))).build())
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("cannot be reached")
        .hasMessageContaining("s3://models/prod at http://127.0.0.1:" + port)
        .hasMessageNotContaining(SECRET)
        .satisfies(e -> assertThat(((StoreException) e).store()).isEqualTo("s3://models/prod at http://127.0.0.1:" + port))
        .satisfies(e -> assertThat(e.getCause().getMessage()).contains("Attempt Count: 3"));
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30));
  }

  @Test
  void blobStoresOpen_findsTheS3Provider_throughTheServiceLoader() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    System.setProperty("aws.accessKeyId", "access");
    System.setProperty("aws.secretAccessKey", SECRET);
    try {
      assertThatThrownBy(() -> BlobStores.open(URI.create("s3://models?endpoint=http://127.0.0.1:" + port + "&maxAttempts=1")))
          .isInstanceOf(StoreException.class).hasMessageContaining("s3://models at http://127.0.0.1:" + port)
          .hasMessageNotContaining(SECRET);
    } finally {
      System.clearProperty("aws.accessKeyId");
      System.clearProperty("aws.secretAccessKey");
    }
  }
}
