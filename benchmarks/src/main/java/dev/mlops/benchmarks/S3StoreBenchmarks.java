package dev.mlops.benchmarks;

import dev.mlops.core.Digest;
import dev.mlops.core.store.BlobInfo;
import dev.mlops.registry.store.s3.S3BlobStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 blob store against a real S3 server (S3Proxy over its file-system backend, on loopback,
 * started in the trial set-up), each operation beside the AWS SDK's plain call on the same bytes, the
 * same server and an identically configured client, and beside JDK SHA-256 of the same bytes.
 *
 * <ul>
 *   <li>Upload: {@link #storePutBytes} ({@code put(byte[])}: hash, then one {@code PutObject} to the
 *       final key), {@link #storePutStream} ({@code put(InputStream)}: above one part, hashed as it is
 *       staged in a temporary file, then one {@code PutObject} from the file), {@link #storePutFile}
 *       (the same from a file) and {@link #storePutStreamMultipart} (a store whose multipart threshold
 *       is one part: parallel parts to the final key) against {@link #sdkPutObject}.</li>
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
  /** Size of the blob: one part (4 MiB) and several parts (64 MiB, eight parts of 8 MiB). */
  @Param({"4", "64"})
  public int sizeMiB;

  private S3Server server;
  private S3Client client;
  private S3BlobStore store;
  private S3BlobStore multipartStore;
  private byte[] bytes;
  private Path file;
  private Digest digest;
  private final byte[] buffer = new byte[1 << 20];

  /**
   * Starts the server, creates the clients and stores, generates the bytes (also written to a file) and
   * stores them once for the reads.
   *
   * @throws Exception if the server cannot start
   */
  @Setup(Level.Trial)
  public void setUp() throws Exception {
    server = new S3Server();
    client = server.client();
    store = server.store("store").build();
    multipartStore = server.store("multipart").multipartThreshold(8L << 20).build();
    bytes = new byte[sizeMiB << 20];
    SplittableRandom random = new SplittableRandom(20261122);
    for (int i = 0; i < bytes.length; i += 8) {
      long w = random.nextLong();
      for (int j = 0; j < 8; j++) {
        bytes[i + j] = (byte) (w >>> (j << 3));
      }
    }
    file = Files.write(server.dir().resolveSibling(server.dir().getFileName() + ".bin"), bytes);
    digest = store.put(bytes).digest();
    client.putObject(r -> r.bucket(S3Server.BUCKET).key("plain/blob"), RequestBody.fromBytes(bytes));
  }

  /**
   * Stops the server and removes its files.
   *
   * @throws Exception if the server cannot stop
   */
  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    store.close();
    multipartStore.close();
    client.close();
    server.close();
    Files.deleteIfExists(file);
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
   * The store's put of the same bytes from a file ({@code putFile}, what a registration of a model
   * directory does).
   *
   * @return the blob stored
   */
  @Benchmark
  public BlobInfo storePutFile() {
    return store.putFile(file);
  }

  /**
   * The store's streaming put with a multipart threshold of one part (8 MiB): above it, parallel
   * parts to the final key (on S3Proxy's file backend the completion writes the bytes again).
   *
   * @return the blob stored
   */
  @Benchmark
  public BlobInfo storePutStreamMultipart() {
    return multipartStore.put(new ByteArrayInputStream(bytes));
  }

  /**
   * The peer: the SDK's plain {@code putObject} of the same bytes.
   *
   * @return the ETag
   */
  @Benchmark
  public String sdkPutObject() {
    return client.putObject(r -> r.bucket(S3Server.BUCKET).key("plain/blob"), RequestBody.fromBytes(bytes)).eTag();
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
    try (InputStream in = client.getObject(r -> r.bucket(S3Server.BUCKET).key("plain/blob"), ResponseTransformer.toInputStream())) {
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
