package dev.mlops.benchmarks;

import dev.mlops.registry.store.s3.S3BlobStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobProviderMetadata;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 server of {@link S3StoreBenchmarks} and {@link S3StoreCpuTime}: S3Proxy over its NIO.2
 * file-system backend on loopback, in this JVM, with SigV4 authentication and one bucket, plus a plain
 * SDK client configured as the store configures its own (URL-connection HTTP client, path style,
 * checksums {@code WHEN_REQUIRED}). Not thread-safe to start or close; the server serves many threads.
 */
final class S3Server implements AutoCloseable {
  static final String BUCKET = "bench";
  private static final String ACCESS = "bench-access";
  private static final String SECRET = "bench-secret-key";

  private final Path dir;
  private final BlobStoreContext backend;
  private final S3Proxy proxy;
  private final URI endpoint;
  private final StaticCredentialsProvider credentials =
      StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS, SECRET));

  /**
   * Starts a server writing under {@code target/bench-tmp} of the working directory (or
   * {@code -Dmlops.bench.dir=...}).
   *
   * @throws Exception if the server cannot start
   */
  S3Server() throws Exception {
    Path base = Path.of(System.getProperty("mlops.bench.dir", "target/bench-tmp")).toAbsolutePath();
    Files.createDirectories(base);
    dir = Files.createTempDirectory(base, "s3-");
    Properties props = new Properties();
    props.setProperty("jclouds.filesystem.basedir", dir.toString());
    backend = ContextBuilder.newBuilder(new FilesystemNio2BlobProviderMetadata())
        .credentials("identity", "credential").overrides(props).buildView(BlobStoreContext.class);
    backend.getBlobStore().createContainerInLocation(null, BUCKET);
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    endpoint = URI.create("http://127.0.0.1:" + port);
    proxy = S3Proxy.builder().blobStore(backend.getBlobStore()).endpoint(endpoint)
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS, SECRET).build();
    proxy.start();
    while (!"STARTED".equals(proxy.getState())) {
      Thread.sleep(5);
    }
  }

  /** A plain SDK client on this server, configured as the store configures its own. */
  S3Client client() {
    return S3Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).endpointOverride(endpoint)
        .region(Region.US_EAST_1).forcePathStyle(true).credentialsProvider(credentials)
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED).build();
  }

  /** A store builder on this server's bucket under a prefix. */
  S3BlobStore.Builder store(String prefix) {
    return S3BlobStore.builder().bucket(BUCKET).prefix(prefix).endpoint(endpoint).credentials(credentials);
  }

  /** Where the server keeps its files. */
  Path dir() {
    return dir;
  }

  @Override
  public void close() throws Exception {
    proxy.stop();
    backend.close();
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort
    }
  }
}
