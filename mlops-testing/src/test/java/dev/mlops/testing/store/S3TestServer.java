package dev.mlops.testing.store;

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
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 server (S3Proxy over its NIO.2 file-system backend, on disk) on loopback, with SigV4
 * authentication and one bucket. {@link #shared()} starts one per test JVM, stopped and deleted at exit;
 * tests that stop the server start their own. Not thread-safe for {@link #stop()}/{@link #start()};
 * the server itself serves many threads.
 */
final class S3TestServer implements AutoCloseable {
  static final String ACCESS_KEY = "mlops-test-access";
  static final String SECRET_KEY = "mlops-test-secret-key";
  static final String BUCKET = "mlops-test";

  private static S3TestServer shared;

  private final Path dir;
  private final int port;
  private BlobStoreContext context;
  private S3Proxy proxy;

  private S3TestServer(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  /** The server of this JVM, started on first use. */
  static synchronized S3TestServer shared() {
    if (shared == null) {
      try {
        Path dir = Files.createTempDirectory("mlops-s3proxy");
        S3TestServer s = startNew(dir);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          s.close();
          deleteTree(dir);
        }));
        shared = s;
      } catch (IOException e) {
        throw new AssertionError("could not create the S3 server's directory", e);
      }
    }
    return shared;
  }

  /** Starts a new server storing its bucket under a directory, on a free loopback port. */
  static S3TestServer startNew(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new AssertionError("could not create " + dir, e);
    }
    S3TestServer s = new S3TestServer(dir, freePort());
    s.start();
    s.backend().createContainerInLocation(null, BUCKET);
    return s;
  }

  /** (Re)starts the server on its port over its directory. */
  void start() {
    Properties props = new Properties();
    props.setProperty("jclouds.filesystem.basedir", dir.toString());
    context = ContextBuilder.newBuilder(new FilesystemNio2BlobProviderMetadata())
        .credentials("identity", "credential")
        .overrides(props)
        .buildView(BlobStoreContext.class);
    proxy = S3Proxy.builder()
        .blobStore(context.getBlobStore())
        .endpoint(URI.create("http://127.0.0.1:" + port))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
        .build();
    try {
      proxy.start();
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (!"STARTED".equals(proxy.getState())) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("S3Proxy did not start: " + proxy.getState());
        }
        Thread.sleep(5);
      }
    } catch (Exception e) {
      throw new AssertionError("could not start S3Proxy on port " + port + ": " + e, e);
    }
  }

  /** Stops the server (connections in progress fail); {@link #start()} brings it back with its data. */
  void stop() {
    try {
      if (proxy != null) {
        proxy.stop();
        proxy = null;
      }
    } catch (Exception e) {
      throw new AssertionError("could not stop S3Proxy: " + e, e);
    } finally {
      if (context != null) {
        context.close();
        context = null;
      }
    }
  }

  /** The jclouds store behind the server, to look at or corrupt objects behind the S3 store's back. */
  BlobStore backend() {
    return context.getBlobStore();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** The {@code s3:} URI of a store under a prefix of the bucket (credentials come from elsewhere). */
  URI uri(String prefix) {
    return URI.create("s3://" + BUCKET + "/" + prefix + "?endpoint=" + endpoint() + "&region=us-east-1&pathStyle=true");
  }

  /** A store under a prefix, with this server's static credentials. */
  S3BlobStore.Builder store(String prefix) {
    return S3BlobStore.fromUri(uri(prefix)).credentials(credentials());
  }

  static StaticCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
  }

  /** A plain SDK client for this server, configured as the store configures its own. */
  S3Client client() {
    return S3Client.builder()
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .endpointOverride(endpoint())
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .credentialsProvider(credentials())
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .build();
  }

  Path dir() {
    return dir;
  }

  @Override
  public void close() {
    stop();
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new AssertionError("no free port", e);
    }
  }

  static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort at exit
    }
  }
}
