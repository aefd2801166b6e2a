package dev.mlops.benchmarks;

import dev.mlops.core.Digest;
import dev.mlops.core.store.BlobInfo;
import dev.mlops.registry.store.s3.S3BlobStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobProviderMetadata;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 blob store against a real S3 server (S3Proxy over its file-system backend, on loopback,
 * started in the trial set-up), each operation beside the AWS SDK's plain call on the same bytes, the
 * same server and an identically configured client, and beside JDK SHA-256 of the same bytes.
 *
 * <ul>
 *   <li>Upload: {@link #storePutBytes} ({@code put(byte[])}: hash, then one {@code PutObject}) and
 *       {@link #storePutStream} ({@code put(InputStream)}: parts hashed as read; above one part a
 *       multipart upload to a temporary key and a server-side copy into place) against
 *       {@link #sdkPutObject}.</li>
 *   <li>Verified download: {@link #storeOpenVerified} (the store's stream, SHA-256 of every byte)
 *       against {@link #sdkGetObject} (the same bytes read, not hashed).</li>
 *   <li>{@link #sha256} of the bytes in memory.</li>
 * </ul>
 *
 * <p>The server writes under {@code target/bench-tmp} of the working directory (override with
 * {@code -Dmlops.bench.dir=...}); it is stopped and its files removed at the end of each trial. Both
 * clients and the server share the machine's two cores.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class S3StoreBenchmarks {
  private static final String BUCKET = "bench";
  private static final String ACCESS = "bench-access";
  private static final String SECRET = "bench-secret-key";

  /** Size of the blob: one part (4 MiB) and several parts (64 MiB, 8 parts of 8 MiB). */
  @Param({"4", "64"})
  public int sizeMiB;

  private Path dir;
  private BlobStoreContext backend;
  private S3Proxy proxy;
  private S3Client client;
  private S3BlobStore store;
  private byte[] bytes;
  private Digest digest;
  private final byte[] buffer = new byte[1 << 20];

  /**
   * Starts the server, creates the bucket and the clients, generates the bytes and stores them once
   * for the reads.
   *
   * @throws Exception if the server cannot start
   */
  @Setup(Level.Trial)
  public void setUp() throws Exception {
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
    URI endpoint = URI.create("http://127.0.0.1:" + port);
    proxy = S3Proxy.builder().blobStore(backend.getBlobStore()).endpoint(endpoint)
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS, SECRET).build();
    proxy.start();
    while (!"STARTED".equals(proxy.getState())) {
      Thread.sleep(5);
    }
    StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS, SECRET));
    client = S3Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).endpointOverride(endpoint)
        .region(Region.US_EAST_1).forcePathStyle(true).credentialsProvider(credentials)
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED).build();
    store = S3BlobStore.builder().bucket(BUCKET).prefix("store").endpoint(endpoint).credentials(credentials).build();
    bytes = new byte[sizeMiB << 20];
    SplittableRandom random = new SplittableRandom(20261122);
    for (int i = 0; i < bytes.length; i += 8) {
      long w = random.nextLong();
      for (int j = 0; j < 8; j++) {
        bytes[i + j] = (byte) (w >>> (j << 3));
      }
    }
    digest = store.put(bytes).digest();
    client.putObject(r -> r.bucket(BUCKET).key("plain/blob"), RequestBody.fromBytes(bytes));
  }

  /**
   * Stops the server and removes its files.
   *
   * @throws Exception if the server cannot stop
   */
  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    store.close();
    client.close();
    proxy.stop();
    backend.close();
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /**
   * The store's put of bytes in memory.
   *
   * @return the blob stored
   */
  @Benchmark
  public BlobInfo storePutBytes() {
    return store.put(bytes);
  }

  /**
   * The store's streaming put of the same bytes.
   *
   * @return the blob stored
   */
  @Benchmark
  public BlobInfo storePutStream() {
    return store.put(new ByteArrayInputStream(bytes));
  }

  /**
   * The peer: the SDK's plain {@code putObject} of the same bytes.
   *
   * @return the ETag
   */
  @Benchmark
  public String sdkPutObject() {
    return client.putObject(r -> r.bucket(BUCKET).key("plain/blob"), RequestBody.fromBytes(bytes)).eTag();
  }

  /**
   * The store's verified read, to the end of its stream.
   *
   * @return the number of bytes read
   * @throws IOException if the read fails
   */
  @Benchmark
  public long storeOpenVerified() throws IOException {
    try (InputStream in = store.open(digest)) {
      return drain(in);
    }
  }

  /**
   * The peer: the SDK's plain {@code getObject} of the same bytes, read to the end.
   *
   * @return the number of bytes read
   * @throws IOException if the read fails
   */
  @Benchmark
  public long sdkGetObject() throws IOException {
    try (InputStream in = client.getObject(r -> r.bucket(BUCKET).key("plain/blob"), ResponseTransformer.toInputStream())) {
      return drain(in);
    }
  }

  /**
   * The peer: JDK SHA-256 of the same bytes in memory.
   *
   * @return the digest
   * @throws NoSuchAlgorithmException never on a JDK
   */
  @Benchmark
  public byte[] sha256() throws NoSuchAlgorithmException {
    return MessageDigest.getInstance("SHA-256").digest(bytes);
  }

  private long drain(InputStream in) throws IOException {
    long total = 0;
    int n;
    while ((n = in.read(buffer)) >= 0) {
      total += n;
    }
    return total;
  }
}
