package dev.mlops.examples.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.store.BlobStore;
import dev.mlops.core.store.BlobStores;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.run.Tracking;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobProviderMetadata;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job on the stores many replicas share: metadata, aliases, evidence and runs in PostgreSQL
 * ({@code --registry=jdbc:postgresql://...}), bytes in an S3 bucket ({@code --blob-store=s3://...}). Both
 * servers run inside the test (embedded PostgreSQL; S3Proxy on a directory), on loopback.
 */
class SharedStoresTest {
  static final String ACCESS_KEY = "batch-job-access";
  static final String SECRET_KEY = "batch-job-secret-key";
  static final String BUCKET = "models";

  @TempDir
  Path dir;

  @Test
  void demoRun_onPostgresAndS3_registersGatesAndPromotesThere() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Properties props = new Properties();
    props.setProperty("jclouds.filesystem.basedir", Files.createDirectories(dir.resolve("s3")).toString());
    String oldKey = System.setProperty("aws.accessKeyId", ACCESS_KEY);
    String oldSecret = System.setProperty("aws.secretAccessKey", SECRET_KEY);
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        BlobStoreContext context = ContextBuilder.newBuilder(new FilesystemNio2BlobProviderMetadata())
            .credentials("identity", "credential").overrides(props).buildView(BlobStoreContext.class)) {
      context.getBlobStore().createContainerInLocation(null, BUCKET);
      S3Proxy proxy = S3Proxy.builder().blobStore(context.getBlobStore())
          .endpoint(URI.create("http://127.0.0.1:" + port))
          .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY).build();
      proxy.start();
      try {
        while (!"STARTED".equals(proxy.getState())) {
          Thread.sleep(5);
        }
        String registry = postgres.getJdbcUrl("postgres", "postgres") + "&currentSchema=scoring&password=postgres";
        String blobs = "s3://" + BUCKET + "/prod?endpoint=http://127.0.0.1:" + port + "&region=us-east-1&pathStyle=true";
        Path out = dir.resolve("out");
        BatchJobTest.Run run = BatchJobTest.main("--seed-demo", "--registry=" + registry, "--blob-store=" + blobs,
            "--output=" + out, "--seed=1");
        assertThat(run.exitCode()).as(run.err()).isZero();

        JsonNode summary = BatchJobTest.JSON.readTree(out.resolve("summary.json").toFile());
        assertThat(summary.get("registry").asText()).startsWith("jdbc:postgresql://").contains("password=***")
            .doesNotContain("password=postgres");
        assertThat(summary.at("/retraining/candidate").asText()).isEqualTo(BatchJobTest.MODEL + "/2");
        assertThat(summary.at("/promotion/decision").asText()).isEqualTo("PROMOTED");
        assertThat(Files.readAllLines(out.resolve("scored.csv"))).hasSize(172);

        // Another process (a service replica) opening the same stores sees the run's work.
        try (BlobStore store = BlobStores.open(URI.create(blobs));
            ModelRegistry replica = ModelRegistry.builder().uri(URI.create(registry)).blobStore(store).build()) {
          assertThat(replica.aliases(BatchJobTest.MODEL)).containsEntry(BatchJob.CHAMPION, 2)
              .containsEntry(BatchJob.CANDIDATE, 2);
          assertThat(BatchJobTest.latestEvidence(replica, BatchJobTest.MODEL + "/2").passed()).isTrue();
          assertThat(Tracking.of(replica).runOf(replica.get(BatchJobTest.MODEL + "/2"))).isPresent();
          assertThat(replica.verify().isClean()).isTrue();
        }
      } finally {
        proxy.stop();
      }
    } finally {
      restore("aws.accessKeyId", oldKey);
      restore("aws.secretAccessKey", oldSecret);
    }
  }

  private static void restore(String key, String old) {
    if (old == null) {
      System.clearProperty(key);
    } else {
      System.setProperty(key, old);
    }
  }
}
