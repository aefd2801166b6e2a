package dev.mlops.registry.store.s3;

import dev.mlops.core.Digest;
import dev.mlops.core.IntegrityException;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.NotFoundException;
import dev.mlops.core.StoreException;
import dev.mlops.core.store.BlobInfo;
import dev.mlops.core.store.BlobStore;
import dev.mlops.core.store.StoredBlob;
import dev.mlops.core.store.VerifyingInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A {@link BlobStore} in an S3 bucket (AWS S3 or an S3-compatible server: MinIO, Ceph, S3Proxy, ...),
 * through the AWS SDK for Java 2.x with the JDK's HTTP client.
 *
 * <pre>{@code
 * BlobStore blobs = BlobStores.open(URI.create(
 *     "s3://models/prod?endpoint=http://127.0.0.1:9000&region=us-east-1&pathStyle=true"));
 * // or, explicitly:
 * BlobStore blobs = S3BlobStore.builder().bucket("models").prefix("prod").region("eu-west-1").build();
 * }</pre>
 *
 * <p><b>URI form.</b> {@code s3://BUCKET[/PREFIX][?SETTING=VALUE&...]} with the settings
 * {@code endpoint} (e.g. {@code http://127.0.0.1:9000}; default: AWS), {@code region} (default: the
 * SDK's region chain, or {@code us-east-1} with a custom endpoint), {@code pathStyle}
 * ({@code true}/{@code false}; default {@code true} with a custom endpoint), {@code checksums}
 * ({@code when_required}/{@code when_supported}, see below), {@code partSize} (bytes, at least
 * 5 MiB), {@code multipartThreshold} (bytes), {@code uploadThreads}, {@code spoolDir} (a directory)
 * and {@code maxAttempts} (at least 1). Credentials never go in the URI: they come from the
 * SDK's default provider chain (environment, system properties, profile files, container or
 * instance roles), and are never logged.
 *
 * <p><b>Checksums.</b> The AWS SDK 2.30 and later computes new default integrity checksums on every
 * request, which several S3-compatible servers reject (S3Proxy 2.6.0 answers "The provided
 * 'x-amz-content-sha256' header does not match"). {@link ChecksumPolicy#WHEN_REQUIRED} sets both the
 * SDK's {@code requestChecksumCalculation} and {@code responseChecksumValidation} to
 * {@code WHEN_REQUIRED}, and is the default when a custom endpoint is set; with AWS itself the default
 * is {@link ChecksumPolicy#WHEN_SUPPORTED}. Either way every byte read is verified against its SHA-256
 * digest by this store.
 *
 * <p><b>Layout and puts.</b> Blobs are stored at {@code PREFIX/blobs/sha256/<hex>}. A blob's key is
 * its digest, known only once every byte is hashed, so a put hashes first and then writes the final key
 * directly (no temporary object, no server-side copy, which on many servers rewrites the bytes):
 * <ul>
 *   <li>bytes given as an array ({@link #put(byte[])}, which the registry uses for models serialized in
 *       memory) are hashed in place and sent without being copied;</li>
 *   <li>a stream is read in parts of {@code partSize} bytes (8 MiB by default); one that ends within
 *       its first part is hashed and sent from memory; a longer one is hashed as it is written to a
 *       temporary file in {@code spoolDir} (default {@code java.io.tmpdir}; one part in memory, however
 *       large the blob), sent from that file, and the file deleted;</li>
 *   <li>bytes up to {@code multipartThreshold} (default 100 MiB, where AWS advises multipart uploads)
 *       go in one {@code PutObject}; larger ones as a multipart upload to the final key, up to
 *       {@code uploadThreads} parts (default 4) at a time.</li>
 * </ul>
 * A {@code PutObject} and the completion of a multipart upload create the final object atomically, so a
 * blob is never visible partly written. A put of bytes already stored writes them again (which repairs
 * a corrupted copy and refreshes the object's {@code Last-Modified}, which the garbage collector relies
 * on). A failed put aborts its multipart upload; leftovers of a process that died mid-put are removed
 * by {@link #removeIncompleteWrites(Instant)}.
 *
 * <p><b>Reads.</b> {@link #open(Digest)} makes one {@code GetObject} request and returns a stream that
 * hashes every byte and checks the digest at its end (the read that would return the end of the stream
 * throws {@link IntegrityException} instead on a mismatch). For objects larger than 32 MiB the caller's
 * thread reads the response as a plain read would, and a second thread hashes copies of what it read
 * in recycled 256 KiB chunks, at most 4 MiB behind, so that hashing overlaps the network read when a
 * core is free.
 *
 * <p><b>Failures.</b> Requests are retried by the SDK's standard strategy (exponential backoff with
 * jitter, on throttling, 5xx answers and I/O errors) up to {@code maxAttempts} times (default 4). A
 * store that cannot be reached, or refuses, raises {@link StoreException} naming the store and what to
 * check; no credential is ever part of a message.
 *
 * <p><b>Garbage.</b> {@link #deleteIfStoredBefore(Digest, Instant)} reads the object's
 * {@code Last-Modified} and deletes it if older than the cutoff: two requests, between which a put of
 * the same bytes completing would be lost. S3 has no conditional delete that could close that window;
 * it needs a blob older than the grace period to be stored again within one round trip, which the
 * grace period of {@code ModelRegistry.gc} makes a matter of luck, not of load.
 *
 * <p>Instances are thread-safe. {@link #close()} stops the store's threads and closes the S3 client if
 * this store created it.
 */
public final class S3BlobStore implements BlobStore {
  private static final Logger LOG = LoggerFactory.getLogger(S3BlobStore.class);
  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");
  /** The smallest part S3 accepts (but for the last one). */
  static final long MIN_PART_SIZE = 5L << 20;
  /** The default part size. */
  static final long DEFAULT_PART_SIZE = 8L << 20;
  /** S3 takes at most this many parts in one multipart upload. */
  private static final int MAX_PARTS = 10_000;
  /** The largest object one {@code PutObject} may create. */
  static final long MAX_SINGLE_PUT = 5L << 30;
  private static final int DEFAULT_MAX_ATTEMPTS = 4;
  private static final int DEFAULT_UPLOAD_THREADS = 4;
  /** AWS's guidance: "consider using multipart uploads" once objects reach 100 MB. */
  static final long DEFAULT_MULTIPART_THRESHOLD = 100L << 20;
  private static final String OCTETS = "application/octet-stream";
  /**
   * Objects larger than this are hashed on a second thread while the caller reads. Below it the
   * caller's thread hashes as it reads, which measured faster on a quiet 2-core machine (4 MiB: 72%
   * of a plain getObject against 41% with the second thread; 16 MiB: 93% against 73%; 64 MiB: 84%
   * against 88%; see benchmarks/README.md).
   */
  static final long PARALLEL_HASH_ABOVE = 32L << 20;
  /**
   * The chunks handed to that thread: 256 KiB (below half of G1's smallest region, so never a humongous
   * allocation), at most 16 in flight per read (4 MiB), and 16 kept between reads.
   */
  static final int HASH_CHUNK = 256 << 10;
  static final int HASH_SLOTS = 16;

  private final S3Client client;
  private final boolean ownsClient;
  private final String bucket;
  private final String prefix;
  private final String blobPrefix;
  private final String tmpPrefix;
  private final int partSize;
  private final long multipartThreshold;
  private final int uploadThreads;
  private final Path spoolDir;
  private final ExecutorService executor;
  private final ChunkPool hashChunks = new ChunkPool(HASH_CHUNK, HASH_SLOTS);
  private final String description;

  private S3BlobStore(Builder b, S3Client client, boolean ownsClient) {
    this.client = client;
    this.ownsClient = ownsClient;
    this.bucket = b.bucket;
    this.prefix = b.prefix;
    this.blobPrefix = key("blobs/sha256/");
    this.tmpPrefix = key("tmp/");
    this.partSize = (int) b.partSize;
    this.multipartThreshold = Math.max(b.multipartThreshold, b.partSize);
    this.uploadThreads = b.uploadThreads;
    this.spoolDir = b.spoolDir;
    this.executor = Executors.newCachedThreadPool(new ThreadFactory() {
      private final AtomicInteger count = new AtomicInteger();

      @Override
      public Thread newThread(Runnable r) {
        Thread t = new Thread(r, "mlops-s3-" + count.incrementAndGet());
        t.setDaemon(true);
        return t;
      }
    });
    this.description = "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix)
        + (b.endpoint == null ? "" : " at " + b.endpoint);
  }

  /**
   * Opens the store an {@code s3:} URI names (see the class documentation for the form), checking
   * that its bucket can be reached.
   *
   * @param uri the URI, e.g. {@code s3://models/prod?endpoint=http://127.0.0.1:9000&pathStyle=true}
   * @return the store; close it to release its client
   * @throws InvalidInputException if the URI is malformed or names an unknown setting
   * @throws StoreException if the bucket cannot be reached or does not exist
   */
  public static S3BlobStore open(URI uri) {
    return fromUri(uri).build();
  }

  /**
   * Reads the settings of an {@code s3:} URI into a builder, to which more settings (credentials,
   * say) may be added.
   *
   * @param uri the URI
   * @return a builder holding the URI's settings
   * @throws InvalidInputException if the URI is malformed or names an unknown setting
   */
  public static Builder fromUri(URI uri) {
    Objects.requireNonNull(uri, "uri");
    if (!"s3".equalsIgnoreCase(uri.getScheme()) || uri.isOpaque() || uri.getHost() == null) {
      throw new InvalidInputException("uri", "An S3 store URI has the form s3://BUCKET[/PREFIX][?endpoint=...&region=...&pathStyle=true]; got '"
          + S3BlobStoreProvider.describe(uri) + "'. Bucket names are lowercase letters, digits, dots and hyphens.");
    }
    Builder b = builder().bucket(uri.getHost());
    String path = uri.getPath() == null ? "" : uri.getPath();
    if (!path.isEmpty() && !path.equals("/")) {
      b.prefix(path);
    }
    for (Map.Entry<String, String> e : query(uri).entrySet()) {
      String v = e.getValue();
      switch (e.getKey()) {
        case "endpoint" -> b.endpoint(parseEndpoint(v));
        case "region" -> b.region(v);
        case "pathStyle" -> b.pathStyleAccess(parseBoolean("pathStyle", v));
        case "checksums" -> b.checksums(ChecksumPolicy.parse(v));
        case "partSize" -> b.partSize(parseLong("partSize", v));
        case "maxAttempts" -> b.maxAttempts((int) parseLong("maxAttempts", v));
        case "multipartThreshold" -> b.multipartThreshold(parseLong("multipartThreshold", v));
        case "uploadThreads" -> b.uploadThreads((int) parseLong("uploadThreads", v));
        case "spoolDir" -> b.spoolDir(Path.of(v));
        default -> throw new InvalidInputException("uri", "Unknown S3 store setting '" + e.getKey()
            + "'; known: endpoint, region, pathStyle, checksums, partSize, multipartThreshold, uploadThreads, spoolDir, maxAttempts. Credentials come from the AWS default provider chain, never from the URI.");
      }
    }
    return b;
  }

  /**
   * Starts building a store.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  // ------------------------------------------------------------------ put

  /**
   * Stores the bytes of a stream. Up to one part ({@code partSize}) they are read into memory, hashed
   * and sent with one {@code PutObject}; longer streams are hashed as they are written to a temporary
   * file (in {@code spoolDir}), then sent from that file to their final key (see the class
   * documentation), and the file is deleted.
   *
   * @param in the bytes (read to the end, not closed)
   * @return the digest and size
   * @throws StoreException if the store cannot write, or the temporary file cannot be written
   * @throws UncheckedIOException if the stream cannot be read
   */
  @Override
  public BlobInfo put(InputStream in) {
    Objects.requireNonNull(in, "in");
    MessageDigest md = Digest.newSha256();
    byte[] first; // as long as what was read: a small blob costs no part-sized buffer
    try {
      first = in.readNBytes(partSize);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the bytes to store", e);
    }
    int n = first.length;
    md.update(first, 0, n);
    if (n < partSize) {
      Digest digest = Digest.ofSha256Bytes(md.digest());
      upload(digest, n, (offset, length) -> bytesBody(first, (int) offset, (int) length));
      return new BlobInfo(digest, n);
    }
    return putSpooled(in, first, md);
  }

  /**
   * Stores bytes held in memory: they are hashed first and sent straight to their final key (one
   * {@code PutObject}, or parallel parts above {@code multipartThreshold}), with no copy of the array,
   * no temporary object and no server-side copy.
   *
   * @param bytes the bytes (not changed while the call runs)
   * @return the digest and size
   * @throws StoreException if the store cannot write
   */
  @Override
  public BlobInfo put(byte[] bytes) {
    Digest digest = Digest.sha256(bytes);
    upload(digest, bytes.length, (offset, length) -> bytesBody(bytes, (int) offset, (int) length));
    return new BlobInfo(digest, bytes.length);
  }

  /** Writes the rest of a stream to a temporary file while hashing it, then uploads the file. */
  private BlobInfo putSpooled(InputStream in, byte[] buf, MessageDigest md) {
    Path file;
    try {
      file = spoolDir == null ? Files.createTempFile("mlops-s3-", ".spool") : Files.createTempFile(spoolDir, "mlops-s3-", ".spool");
    } catch (IOException e) {
      throw new StoreException(description, "Could not create a temporary file to stage a blob larger than one part in "
          + (spoolDir == null ? System.getProperty("java.io.tmpdir") : spoolDir) + ": " + e.getMessage()
          + ". Free disk space there, or open the store with another spoolDir.", e);
    }
    try {
      long size = 0;
      try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
        int n = buf.length;
        while (true) {
          writeFully(out, buf, n);
          size += n;
          if (n < buf.length) {
            break;
          }
          n = readFully(in, buf);
          if (n == 0) {
            break;
          }
          md.update(buf, 0, n);
        }
      }
      Digest digest = Digest.ofSha256Bytes(md.digest());
      upload(digest, size, (offset, length) -> fileBody(file, offset, length));
      return new BlobInfo(digest, size);
    } catch (IOException e) {
      throw new StoreException(description, "Could not stage a blob in " + file + ": " + e.getMessage()
          + ". Free disk space there, or open the store with another spoolDir.", e);
    } finally {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        LOG.warn("Could not delete the temporary file {}: {}", file, e.getMessage());
      }
    }
  }

  private static void writeFully(FileChannel out, byte[] buf, int n) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(buf, 0, n);
    while (b.hasRemaining()) {
      out.write(b);
    }
  }

  /** A part of the bytes to upload, as a re-readable request body (the SDK re-reads it on a retry). */
  @FunctionalInterface
  private interface Source {
    RequestBody body(long offset, long length);
  }

  private static RequestBody bytesBody(byte[] bytes, int offset, int length) {
    return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(bytes, offset, length), length, OCTETS);
  }

  private static RequestBody fileBody(Path file, long offset, long length) {
    return RequestBody.fromContentProvider(() -> FileRangeInputStream.open(file, offset, length), length, OCTETS);
  }

  /**
   * Sends bytes whose digest is known to their final key: one {@code PutObject} up to
   * {@code multipartThreshold}, else a multipart upload whose parts go up {@code uploadThreads} at a
   * time. Either way the object appears whole or not at all.
   */
  private void upload(Digest digest, long size, Source source) {
    String key = keyOf(digest);
    if (size <= multipartThreshold) {
      call("store blob " + digest, () -> client.putObject(r -> r.bucket(bucket).key(key).contentLength(size), source.body(0, size)));
      return;
    }
    long part = Math.max(partSize, (size + MAX_PARTS - 1) / MAX_PARTS);
    int count = (int) ((size + part - 1) / part);
    String uploadId = call("start an upload of blob " + digest, () -> client.createMultipartUpload(r -> r.bucket(bucket).key(key))).uploadId();
    CompletedPart[] done = new CompletedPart[count];
    AtomicInteger next = new AtomicInteger();
    AtomicBoolean failed = new AtomicBoolean();
    Runnable worker = () -> {
      int i;
      while (!failed.get() && (i = next.getAndIncrement()) < count) {
        long offset = i * part;
        long length = Math.min(part, size - offset);
        int number = i + 1;
        try {
          String etag = call("upload part " + number + " of blob " + digest, () -> client.uploadPart(
              r -> r.bucket(bucket).key(key).uploadId(uploadId).partNumber(number).contentLength(length),
              source.body(offset, length))).eTag();
          done[i] = CompletedPart.builder().partNumber(number).eTag(etag).build();
        } catch (RuntimeException e) {
          failed.set(true);
          throw e;
        }
      }
    };
    boolean completed = false;
    List<Future<?>> helpers = new ArrayList<>();
    try {
      for (int t = 1; t < Math.min(uploadThreads, count); t++) {
        helpers.add(executor.submit(worker));
      }
      RuntimeException failure = null;
      try {
        worker.run(); // the caller's thread uploads parts too
      } catch (RuntimeException e) {
        failure = e;
      }
      for (Future<?> f : helpers) {
        try {
          await(f); // every part in flight finishes (or fails) before the upload completes or aborts
        } catch (RuntimeException e) {
          if (failure == null) {
            failure = e;
          }
        }
      }
      if (failure != null) {
        throw failure;
      }
      call("complete the upload of blob " + digest, () -> client.completeMultipartUpload(
          r -> r.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(u -> u.parts(done))));
      completed = true;
    } finally {
      if (!completed) {
        failed.set(true);
        helpers.forEach(f -> f.cancel(false));
        try {
          client.abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId));
        } catch (SdkException e) {
          LOG.warn("Could not abort the upload of {} to {}; removeIncompleteWrites or gc will: {}", digest, description, e.getMessage());
        }
      }
    }
  }

  // ------------------------------------------------------------------ read

  @Override
  public boolean contains(Digest digest) {
    return head(keyOf(digest)).isPresent();
  }

  @Override
  public InputStream open(Digest digest) {
    Objects.requireNonNull(digest, "digest");
    String key = keyOf(digest);
    try {
      ResponseInputStream<GetObjectResponse> in = call("read blob " + digest, () -> client.getObject(
          r -> r.bucket(bucket).key(key), ResponseTransformer.toInputStream()));
      Long length = in.response().contentLength();
      String subject = "blob " + digest;
      if (length != null && length > PARALLEL_HASH_ABOVE) {
        // The caller reads the response as a plain read would; a second thread hashes behind it.
        return new ParallelVerifyingInputStream(in, in::abort, digest, subject, hashChunks, HASH_SLOTS, executor);
      }
      return new VerifyingInputStream(in, digest, -1, subject);
    } catch (StoreException e) {
      if (e.getCause() instanceof NoSuchKeyException || isNotFound(e.getCause())) {
        throw new NotFoundException("blob", digest.toString(), "Blob " + digest + " is not in " + description
            + ": the store is incomplete. Restore it from a backup or register the artifact again.");
      }
      throw e;
    }
  }

  @Override
  public void forEach(Consumer<Digest> visitor) {
    forEachStored(b -> visitor.accept(b.digest()));
  }

  @Override
  public void forEachStored(Consumer<StoredBlob> visitor) {
    for (S3Object o : list(blobPrefix)) {
      String name = o.key().substring(blobPrefix.length());
      if (HEX.matcher(name).matches()) {
        visitor.accept(new StoredBlob(new Digest(Digest.SHA256, name), o.size(), o.lastModified()));
      }
    }
  }

  @Override
  public List<String> verifyAll() {
    List<String> problems = new ArrayList<>();
    for (S3Object o : list(blobPrefix)) {
      String name = o.key().substring(blobPrefix.length());
      if (!HEX.matcher(name).matches()) {
        problems.add("unexpected object in the blob area (not a blob): " + o.key());
        continue;
      }
      Digest d = new Digest(Digest.SHA256, name);
      try (InputStream in = open(d)) {
        in.transferTo(OutputStream.nullOutputStream());
      } catch (IntegrityException e) {
        problems.add("blob " + d + " does not match its digest (actual " + e.actual() + ")");
      } catch (NotFoundException e) {
        // removed since it was listed
      } catch (IOException e) {
        throw new StoreException(description, "Could not verify blob " + d + ": " + e.getMessage(), e);
      }
    }
    return problems;
  }

  // ------------------------------------------------------------------ garbage

  /**
   * Deletes a blob if its {@code Last-Modified} is before the cutoff (a read, then a delete; see the
   * class documentation for the window between them).
   *
   * @param digest the blob's digest
   * @param cutoff keep the blob if it was stored at or after this instant, by the server's clock
   * @return whether the blob was deleted
   * @throws StoreException if the store cannot be reached
   */
  @Override
  public boolean deleteIfStoredBefore(Digest digest, Instant cutoff) {
    String key = keyOf(digest);
    Optional<HeadObjectResponse> h = head(key);
    if (h.isEmpty() || !h.get().lastModified().isBefore(cutoff)) {
      return false;
    }
    call("delete blob " + digest, () -> client.deleteObject(r -> r.bucket(bucket).key(key)));
    return true;
  }

  /**
   * Aborts the multipart uploads of this store (to final keys under {@code PREFIX/blobs/}, and under
   * {@code PREFIX/tmp/}, where earlier versions of this store staged them) and removes temporary
   * objects under {@code PREFIX/tmp/}, last active before an instant: what puts of processes that died,
   * or lost the server, left behind. An upload's last activity is the time of its newest part (of its
   * start if it has none), so a long upload still adding parts is never aborted.
   *
   * @param startedBefore only leftovers last active before this instant (server clock) are removed
   * @return how many uploads and temporary objects were removed
   * @throws StoreException if the store cannot be reached
   */
  @Override
  public int removeIncompleteWrites(Instant startedBefore) {
    int removed = abortUploads(blobPrefix, startedBefore) + abortUploads(tmpPrefix, startedBefore);
    for (S3Object o : list(tmpPrefix)) {
      if (o.lastModified().isBefore(startedBefore)) {
        call("remove a temporary object", () -> client.deleteObject(r -> r.bucket(bucket).key(o.key())));
        removed++;
      }
    }
    return removed;
  }

  private int abortUploads(String keyPrefix, Instant startedBefore) {
    int removed = 0;
    String keyMarker = null;
    String uploadMarker = null;
    while (true) {
      String km = keyMarker;
      String um = uploadMarker;
      ListMultipartUploadsResponse page = call("list incomplete uploads", () -> client.listMultipartUploads(
          r -> r.bucket(bucket).prefix(keyPrefix).keyMarker(km).uploadIdMarker(um)));
      for (MultipartUpload u : page.uploads()) {
        Optional<Instant> active = lastActivity(u);
        if (active.isPresent() && active.get().isBefore(startedBefore)) {
          call("abort an incomplete upload", () -> client.abortMultipartUpload(
              r -> r.bucket(bucket).key(u.key()).uploadId(u.uploadId())));
          removed++;
        }
      }
      if (!Boolean.TRUE.equals(page.isTruncated())) {
        return removed;
      }
      keyMarker = page.nextKeyMarker();
      uploadMarker = page.nextUploadIdMarker();
    }
  }

  /**
   * When an upload was last active: its newest part's time, or its start if it has no part yet; empty
   * if that cannot be read now (the upload is then left alone).
   */
  private Optional<Instant> lastActivity(MultipartUpload u) {
    try {
      Instant newest = null;
      for (var p : client.listPartsPaginator(r -> r.bucket(bucket).key(u.key()).uploadId(u.uploadId())).parts()) {
        if (p.lastModified() != null && (newest == null || p.lastModified().isAfter(newest))) {
          newest = p.lastModified();
        }
      }
      return Optional.ofNullable(newest != null ? newest : u.initiated());
    } catch (SdkException e) {
      LOG.debug("Could not list the parts of upload {} in {}; leaving it: {}", u.key(), description, e.getMessage());
      return Optional.empty();
    }
  }

  // ------------------------------------------------------------------ internals

  private List<S3Object> list(String keyPrefix) {
    List<S3Object> out = new ArrayList<>();
    call("list " + keyPrefix, () -> {
      client.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(keyPrefix)).contents().forEach(out::add);
      return null;
    });
    return out;
  }

  private Optional<HeadObjectResponse> head(String key) {
    try {
      return Optional.of(call("read " + key, () -> client.headObject(r -> r.bucket(bucket).key(key))));
    } catch (StoreException e) {
      if (e.getCause() instanceof NoSuchKeyException || isNotFound(e.getCause())) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private void deleteQuietly(String key) {
    try {
      client.deleteObject(r -> r.bucket(bucket).key(key));
    } catch (SdkException e) {
      LOG.warn("Could not remove temporary object {} from {}; removeIncompleteWrites or gc will: {}", key, description, e.getMessage());
    }
  }

  private static boolean isNotFound(Throwable t) {
    return t instanceof AwsServiceException && ((AwsServiceException) t).statusCode() == 404;
  }

  /** One S3 request (already retried by the SDK), its failure turned into a {@link StoreException}. */
  private <T> T call(String what, SdkCall<T> request) {
    try {
      return request.run();
    } catch (SdkClientException e) {
      throw new StoreException(description, "Could not " + what + ": the S3 endpoint of " + description
          + " cannot be reached (" + e.getMessage() + "). Check the endpoint, the network and that the server is up; the request was retried with backoff.", e);
    } catch (S3Exception e) {
      throw new StoreException(description, "Could not " + what + " in " + description + ": S3 answered " + e.statusCode()
          + " " + errorCode(e) + hint(e) + ".", e);
    } catch (SdkException e) {
      throw new StoreException(description, "Could not " + what + " in " + description + ": " + e.getMessage(), e);
    }
  }

  private static String errorCode(S3Exception e) {
    return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null ? "" : e.awsErrorDetails().errorCode();
  }

  private static String hint(S3Exception e) {
    String code = errorCode(e);
    if (e.statusCode() == 403) {
      return " (access denied: check the credentials of the AWS default provider chain and the bucket policy)";
    }
    if ("NoSuchBucket".equals(code)) {
      return " (the bucket does not exist: create it, or fix the bucket name)";
    }
    if ("XAmzContentSHA256Mismatch".equals(code) || "BadDigest".equals(code)
        || (e.getMessage() != null && e.getMessage().contains("x-amz-content-sha256"))) {
      return " (the server rejects the SDK's default checksums: open the store with checksums=when_required)";
    }
    return "";
  }

  @FunctionalInterface
  private interface SdkCall<T> {
    T run();
  }

  private String key(String relative) {
    return prefix.isEmpty() ? relative : prefix + "/" + relative;
  }

  private String keyOf(Digest digest) {
    return blobPrefix + digest.hex();
  }

  private static <T> T await(Future<T> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new InterruptedIOException("interrupted while storing a blob"));
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException) {
        throw (RuntimeException) c;
      }
      throw new IllegalStateException("an upload failed: " + c, c);
    }
  }

  private static int readFully(InputStream in, byte[] buf) {
    try {
      return in.readNBytes(buf, 0, buf.length);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the bytes to store", e);
    }
  }

  private void checkBucket() {
    call("reach bucket " + bucket, () -> client.headBucket(r -> r.bucket(bucket)));
  }

  @Override
  public String describe() {
    return description;
  }

  /** Stops the store's upload and hashing threads, and closes the S3 client if this store created it. */
  @Override
  public void close() {
    executor.shutdown();
    if (ownsClient) {
      client.close();
    }
  }

  @Override
  public String toString() {
    return "S3BlobStore[" + description + "]";
  }

  // ------------------------------------------------------------------ settings

  private static Map<String, String> query(URI uri) {
    Map<String, String> out = new LinkedHashMap<>();
    String q = uri.getRawQuery();
    if (q == null || q.isEmpty()) {
      return out;
    }
    for (String pair : q.split("&")) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new InvalidInputException("uri", "S3 store setting '" + pair + "' has no value; write name=value.");
      }
      String name = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
      if (out.put(name, URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8)) != null) {
        throw new InvalidInputException("uri", "S3 store setting '" + name + "' is given twice.");
      }
    }
    return out;
  }

  private static URI parseEndpoint(String v) {
    try {
      URI e = URI.create(v);
      if (e.getScheme() == null || e.getHost() == null
          || !("http".equalsIgnoreCase(e.getScheme()) || "https".equalsIgnoreCase(e.getScheme()))) {
        throw new IllegalArgumentException("not an http(s) URL");
      }
      return e;
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("uri", "S3 endpoint '" + v + "' is not an http:// or https:// URL with a host.");
    }
  }

  private static boolean parseBoolean(String name, String v) {
    if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(v);
    }
    throw new InvalidInputException("uri", "S3 store setting " + name + " must be true or false, not '" + v + "'.");
  }

  private static long parseLong(String name, String v) {
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new InvalidInputException("uri", "S3 store setting " + name + " must be a whole number, not '" + v + "'.");
    }
  }

  /**
   * When the SDK computes and checks its own integrity checksums (on top of the store's SHA-256
   * verification of every byte read).
   */
  public enum ChecksumPolicy {
    /**
     * Only where an operation requires one: what S3-compatible servers that reject the SDK's newer
     * default checksums need; the default with a custom endpoint.
     */
    WHEN_REQUIRED,
    /** Wherever an operation supports one (the SDK's own default); the default with AWS. */
    WHEN_SUPPORTED;

    static ChecksumPolicy parse(String v) {
      for (ChecksumPolicy p : values()) {
        if (p.name().equalsIgnoreCase(v)) {
          return p;
        }
      }
      throw new InvalidInputException("uri", "S3 store setting checksums must be when_required or when_supported, not '" + v + "'.");
    }
  }

  /**
   * Builds an {@link S3BlobStore}. Each setting may be given once. Not thread-safe.
   */
  public static final class Builder {
    private String bucket;
    private String prefix = "";
    private URI endpoint;
    private String region;
    private Boolean pathStyle;
    private ChecksumPolicy checksums;
    private AwsCredentialsProvider credentials;
    private S3Client client;
    private long partSize = DEFAULT_PART_SIZE;
    private boolean partSizeSet;
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private boolean maxAttemptsSet;
    private long multipartThreshold = DEFAULT_MULTIPART_THRESHOLD;
    private int uploadThreads = DEFAULT_UPLOAD_THREADS;
    private Path spoolDir;
    private Duration connectionTimeout = Duration.ofSeconds(5);
    private Duration socketTimeout = Duration.ofSeconds(60);

    private Builder() {}

    /**
     * Sets the bucket (required).
     *
     * @param name the bucket name
     * @return this builder
     * @throws IllegalStateException if already set
     * @throws InvalidInputException if the name is not a valid bucket name
     */
    public Builder bucket(String name) {
      requireUnset(bucket, "bucket");
      Objects.requireNonNull(name, "name");
      if (!name.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
        throw new InvalidInputException("bucket", "'" + name + "' is not a valid S3 bucket name (3 to 63 lowercase letters, digits, dots and hyphens).");
      }
      this.bucket = name;
      return this;
    }

    /**
     * Sets the key prefix under which everything is stored (default: none, the bucket's root).
     *
     * @param keyPrefix the prefix, e.g. {@code prod/models}; leading and trailing slashes are ignored
     * @return this builder
     * @throws IllegalStateException if already set
     * @throws InvalidInputException if the prefix holds empty, {@code .} or {@code ..} segments
     */
    public Builder prefix(String keyPrefix) {
      requireUnset(prefix.isEmpty() ? null : prefix, "prefix");
      String p = Objects.requireNonNull(keyPrefix, "keyPrefix").replaceAll("^/+|/+$", "");
      for (String seg : p.split("/", -1)) {
        if (!p.isEmpty() && (seg.isEmpty() || seg.equals(".") || seg.equals(".."))) {
          throw new InvalidInputException("prefix", "S3 key prefix '" + keyPrefix + "' has an empty, '.' or '..' segment.");
        }
      }
      this.prefix = p;
      return this;
    }

    /**
     * Sets the endpoint of an S3-compatible server (default: AWS S3 for the region).
     *
     * @param url e.g. {@code http://127.0.0.1:9000}
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder endpoint(URI url) {
      requireUnset(endpoint, "endpoint");
      this.endpoint = Objects.requireNonNull(url, "url");
      return this;
    }

    /**
     * Sets the region (default: the SDK's region provider chain; {@code us-east-1} with a custom
     * endpoint).
     *
     * @param name e.g. {@code eu-west-1}
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder region(String name) {
      requireUnset(region, "region");
      this.region = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * Chooses path-style ({@code http://host/bucket/key}) or virtual-host-style addressing (default:
     * path style with a custom endpoint, virtual hosts with AWS).
     *
     * @param enabled whether to use path-style access
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder pathStyleAccess(boolean enabled) {
      requireUnset(pathStyle, "pathStyle");
      this.pathStyle = enabled;
      return this;
    }

    /**
     * Sets when the SDK computes and validates its own checksums (default:
     * {@link ChecksumPolicy#WHEN_REQUIRED} with a custom endpoint, {@link ChecksumPolicy#WHEN_SUPPORTED}
     * with AWS).
     *
     * @param policy the policy
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder checksums(ChecksumPolicy policy) {
      requireUnset(checksums, "checksums");
      this.checksums = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Sets where credentials come from (default: the SDK's {@link DefaultCredentialsProvider} chain).
     * Tests may pass static credentials; they are never logged.
     *
     * @param provider the provider
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder credentials(AwsCredentialsProvider provider) {
      requireUnset(credentials, "credentials");
      this.credentials = Objects.requireNonNull(provider, "provider");
      return this;
    }

    /**
     * Uses an S3 client the caller built and keeps (endpoint, region, path style, checksums,
     * credentials and retries are then the client's; {@link S3BlobStore#close()} leaves it open).
     *
     * @param s3 the client
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder client(S3Client s3) {
      requireUnset(client, "client");
      this.client = Objects.requireNonNull(s3, "s3");
      return this;
    }

    /**
     * Sets the size of the parts a put reads and uploads (default 8 MiB; at least 5 MiB, at most
     * 1 GiB). A put holds one part in memory; a stream longer than one part is staged in
     * {@code spoolDir}; a blob larger than 10,000 parts is uploaded in larger parts.
     *
     * @param bytes the part size
     * @return this builder
     * @throws IllegalStateException if already set
     * @throws InvalidInputException if out of range
     */
    public Builder partSize(long bytes) {
      if (partSizeSet) {
        throw new IllegalStateException("partSize was already set to " + partSize);
      }
      if (bytes < MIN_PART_SIZE || bytes > (1L << 30)) {
        throw new InvalidInputException("partSize", "S3 part size must be between 5 MiB and 1 GiB, not " + bytes + " bytes.");
      }
      this.partSize = bytes;
      this.partSizeSet = true;
      return this;
    }

    /**
     * Sets how many times a request is attempted in all, with exponential backoff and jitter between
     * attempts (default 4).
     *
     * @param attempts at least 1
     * @return this builder
     * @throws IllegalStateException if already set
     * @throws InvalidInputException if less than 1
     */
    public Builder maxAttempts(int attempts) {
      if (maxAttemptsSet) {
        throw new IllegalStateException("maxAttempts was already set to " + maxAttempts);
      }
      if (attempts < 1) {
        throw new InvalidInputException("maxAttempts", "maxAttempts must be at least 1, not " + attempts + ".");
      }
      this.maxAttempts = attempts;
      this.maxAttemptsSet = true;
      return this;
    }

    /**
     * Sets the size above which a blob is sent as a multipart upload, its parts going up several at a
     * time, rather than with one {@code PutObject} (default 100 MiB, where AWS advises multipart uploads;
     * at most 5 GiB, the S3 limit of one {@code PutObject}; a value below the part size counts as the
     * part size). Lower it where parallel parts are faster than one request (a remote AWS region, a
     * fast network); keep it high where parts cost more than they save (S3Proxy's file backend, and
     * many small S3-compatible servers, write the parts again into the object).
     *
     * @param bytes the threshold
     * @return this builder
     * @throws InvalidInputException if below 5 MiB or above 5 GiB
     */
    public Builder multipartThreshold(long bytes) {
      if (bytes < MIN_PART_SIZE || bytes > MAX_SINGLE_PUT) {
        throw new InvalidInputException("multipartThreshold", "The multipart threshold must be between 5 MiB and 5 GiB, not " + bytes + " bytes.");
      }
      this.multipartThreshold = bytes;
      return this;
    }

    /**
     * Sets how many parts of one multipart upload go up at once (default 4; 1 sends them in order).
     *
     * @param threads at least 1
     * @return this builder
     * @throws InvalidInputException if less than 1
     */
    public Builder uploadThreads(int threads) {
      if (threads < 1) {
        throw new InvalidInputException("uploadThreads", "uploadThreads must be at least 1, not " + threads + ".");
      }
      this.uploadThreads = threads;
      return this;
    }

    /**
     * Sets the directory where a streamed put larger than one part is staged while it is hashed
     * (default: {@code java.io.tmpdir}). It needs as much free space as the largest blob put at once.
     *
     * @param dir an existing directory
     * @return this builder
     */
    public Builder spoolDir(Path dir) {
      this.spoolDir = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /**
     * Sets how long to wait for a connection (default 5 s) and for data on an open one (default 60 s).
     *
     * @param connect the connection timeout
     * @param socket the socket read timeout
     * @return this builder
     */
    public Builder timeouts(Duration connect, Duration socket) {
      this.connectionTimeout = Objects.requireNonNull(connect, "connect");
      this.socketTimeout = Objects.requireNonNull(socket, "socket");
      return this;
    }

    /**
     * Builds the store and checks that its bucket can be reached.
     *
     * @return the store; close it to release the client it created
     * @throws IllegalStateException if no bucket was set
     * @throws StoreException if the bucket cannot be reached or does not exist
     */
    public S3BlobStore build() {
      if (bucket == null) {
        throw new IllegalStateException("set the bucket");
      }
      boolean owns = client == null;
      S3Client c = owns ? newClient() : client;
      S3BlobStore store = new S3BlobStore(this, c, owns);
      try {
        store.checkBucket();
      } catch (RuntimeException e) {
        store.close();
        throw e;
      }
      return store;
    }

    private S3Client newClient() {
      boolean custom = endpoint != null;
      ChecksumPolicy policy = checksums != null ? checksums : custom ? ChecksumPolicy.WHEN_REQUIRED : ChecksumPolicy.WHEN_SUPPORTED;
      S3ClientBuilder b = S3Client.builder()
          .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(connectionTimeout).socketTimeout(socketTimeout))
          .credentialsProvider(credentials != null ? credentials : DefaultCredentialsProvider.builder().build())
          .forcePathStyle(pathStyle != null ? pathStyle : custom)
          .requestChecksumCalculation(policy == ChecksumPolicy.WHEN_REQUIRED
              ? RequestChecksumCalculation.WHEN_REQUIRED : RequestChecksumCalculation.WHEN_SUPPORTED)
          .responseChecksumValidation(policy == ChecksumPolicy.WHEN_REQUIRED
              ? ResponseChecksumValidation.WHEN_REQUIRED : ResponseChecksumValidation.WHEN_SUPPORTED)
          .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
              .maxAttempts(maxAttempts)
              .backoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(100), Duration.ofSeconds(5)))
              .build()));
      if (custom) {
        b.endpointOverride(endpoint);
      }
      if (region != null) {
        b.region(Region.of(region));
      } else if (custom) {
        b.region(Region.US_EAST_1);
      }
      try {
        return b.build();
      } catch (SdkClientException e) {
        throw new StoreException("s3://" + bucket, "Could not configure the S3 client: " + e.getMessage()
            + ". Set the region (region=... in the URI, or AWS_REGION).", e);
      }
    }

    private static void requireUnset(Object value, String what) {
      if (value != null) {
        throw new IllegalStateException(what + " was already set to " + value);
      }
    }
  }
}
