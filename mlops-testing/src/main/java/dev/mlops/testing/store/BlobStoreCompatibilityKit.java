package dev.mlops.testing.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.core.Digest;
import dev.mlops.core.IntegrityException;
import dev.mlops.core.NotFoundException;
import dev.mlops.core.store.BlobInfo;
import dev.mlops.core.store.BlobStore;
import dev.mlops.core.store.StoredBlob;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every {@link BlobStore} must show, as JUnit 5 tests: extend this class, say how to
 * create a fresh, empty store and how to corrupt a stored blob behind the store's back, and every
 * test below runs against your store.
 *
 * <p>The features checked, one {@link Nested} group each: put, contains and read round trip;
 * idempotent puts; the empty blob; a large blob streamed in short reads; opening an absent digest;
 * a large blob generated as a stream, never held whole; detection of corrupted, truncated and
 * extended bytes; failed puts (small and large) that leave nothing behind; {@link BlobStore#forEach}
 * listing every blob once; {@link BlobStore#verifyAll} naming corrupted blobs; stored times and
 * {@link BlobStore#deleteIfStoredBefore} (what garbage collection relies on); and concurrent puts
 * from several threads.
 *
 * <pre>{@code
 * class MyBlobStoreTest extends BlobStoreCompatibilityKit {
 *   @TempDir Path dir;
 *
 *   @Override
 *   protected BlobStore createStore() {
 *     return MyBlobStore.open(dir);
 *   }
 *
 *   @Override
 *   protected void corrupt(BlobStore store, Digest digest, byte[] replacement) throws IOException {
 *     Files.write(dir.resolve("blobs").resolve(digest.hex()), replacement);   // behind the store's back
 *   }
 * }
 * }</pre>
 *
 * <p>Name the subclass {@code *Test} so the build's test runner picks it up; the kit itself is
 * abstract and never runs on its own. JUnit creates one instance of the subclass per test, and the
 * kit opens one store per test (closing it afterwards), so a kit instance is used by one test at a
 * time and is not thread-safe itself; the concurrency tests share the store under test between
 * several threads, as the {@link BlobStore} contract allows.
 */
public abstract class BlobStoreCompatibilityKit {

  /** Size of the large blob: just over 8 MiB, so that no power-of-two buffer size fits it exactly. */
  static final int LARGE_SIZE = 8 * 1024 * 1024 + 1;

  /** SHA-256 of no bytes at all. */
  static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  private static final int THREADS = 8;

  private BlobStore store;

  /** Creates the kit; subclasses are instantiated by JUnit. */
  protected BlobStoreCompatibilityKit() {}

  /**
   * Creates a fresh, empty store for one test. Called once before each test; the kit closes the
   * store after the test.
   *
   * @return a new store holding no blobs
   */
  protected abstract BlobStore createStore();

  /**
   * Replaces the bytes stored under a digest with other bytes, bypassing the store's own checks, to
   * simulate corruption on the storage medium. Every store must support this hook, since every store
   * must prove that it detects corruption when a blob is read or verified.
   *
   * @param store the store under test, as returned by {@link #createStore()}
   * @param digest the digest of a stored blob
   * @param replacement the bytes to leave under that digest (different from the original ones;
   *     possibly shorter, longer or empty)
   * @throws Exception if the hook cannot write; the test then fails
   */
  protected abstract void corrupt(BlobStore store, Digest digest, byte[] replacement) throws Exception;

  /**
   * Returns how coarse the store's stored times are: the kit waits this long where a test needs two
   * instants to be told apart. The default, 1.1 s, suits media with one-second timestamps (S3);
   * stores with finer clocks may return less to run faster.
   *
   * @return the stored-time resolution, with a margin
   */
  protected Duration storedTimeResolution() {
    return Duration.ofMillis(1100);
  }

  /**
   * Returns the size of the blob of the large-stream tests, which is generated as a stream and never
   * held whole by the kit. The default is 40 MiB plus one byte: several parts of a multipart upload.
   *
   * @return the size in bytes
   */
  protected long largeStreamSize() {
    return 40L * 1024 * 1024 + 1;
  }

  /**
   * Opens the store under test; runs before each test.
   *
   * @throws NullPointerException if {@link #createStore()} returns {@code null}
   */
  @BeforeEach
  protected final void openStoreUnderTest() {
    BlobStore created = createStore();
    if (created == null) {
      throw new NullPointerException("createStore() returned null; return a fresh, empty BlobStore");
    }
    store = created;
  }

  /** Closes the store under test; runs after each test. */
  @AfterEach
  protected final void closeStoreUnderTest() {
    if (store != null) {
      store.close();
      store = null;
    }
  }

  /**
   * Returns the store of the current test, for tests a subclass adds.
   *
   * @return the store opened for this test
   * @throws IllegalStateException if called outside a test
   */
  protected final BlobStore store() {
    if (store == null) {
      throw new IllegalStateException("the store is open only while a test runs");
    }
    return store;
  }

  // ------------------------------------------------------------------ features

  @Nested
  @DisplayName("put, contains and read")
  class RoundTrip {

    @Test
    @DisplayName("put returns the SHA-256 digest and the size of the bytes")
    void put_returnsDigestAndSize() {
      byte[] bytes = utf8("a model file");
      BlobInfo info = store().put(bytes);
      assertEquals(Digest.sha256(bytes), info.digest());
      assertEquals(bytes.length, info.size());
    }

    @Test
    @DisplayName("a stored blob is contained and reads back byte for byte")
    void storedBlob_isContainedAndReadsBack() {
      byte[] bytes = seeded(1, 4096);
      BlobInfo info = store().put(bytes);
      assertTrue(store().contains(info.digest()));
      assertArrayEquals(bytes, store().read(info.digest()));
    }

    @Test
    @DisplayName("open returns a stream of the stored bytes that verifies cleanly at its end")
    void open_streamsTheBytes() throws IOException {
      byte[] bytes = seeded(2, 10_000);
      Digest d = store().put(new ByteArrayInputStream(bytes)).digest();
      try (InputStream in = store().open(d)) {
        assertArrayEquals(bytes, in.readAllBytes());
        assertEquals(-1, in.read(), "a stream read to its end stays at its end");
      }
    }

    @Test
    @DisplayName("a digest that was never stored is not contained")
    void neverStored_isNotContained() {
      store().put(utf8("something else"));
      assertFalse(store().contains(Digest.sha256(utf8("never stored"))));
    }

    @Test
    @DisplayName("put reads the stream to its end and leaves it open for the caller to close")
    void put_doesNotCloseTheStream() {
      byte[] bytes = seeded(3, 3000);
      CloseRecordingInputStream in = new CloseRecordingInputStream(bytes);
      BlobInfo info = store().put(in);
      assertEquals(bytes.length, info.size());
      assertEquals(-1, in.read(), "the stream is read to its end");
      assertFalse(in.closed, "put must not close the caller's stream");
    }

    @Test
    @DisplayName("putFile stores a regular file's content under its digest")
    void putFile_storesTheContent(@TempDir Path dir) throws IOException {
      byte[] bytes = seeded(4, 70_000);
      Path file = Files.write(dir.resolve("model.bin"), bytes);
      BlobInfo info = store().putFile(file);
      assertEquals(Digest.sha256(bytes), info.digest());
      assertArrayEquals(bytes, store().read(info.digest()));
    }

    @Test
    @DisplayName("describe names the store with a non-blank text")
    void describe_isNotBlank() {
      assertFalse(store().describe().isBlank());
    }
  }

  @Nested
  @DisplayName("idempotent put")
  class Idempotence {

    @Test
    @DisplayName("putting the same bytes twice returns the same digest and size and stores one blob")
    void sameBytesTwice_returnsSameDigest() {
      byte[] bytes = utf8("weights");
      BlobInfo first = store().put(bytes);
      BlobInfo second = store().put(bytes.clone());
      assertEquals(first, second);
      assertTrue(store().contains(first.digest()));
      assertEquals(List.of(first.digest()), listed(store()));
      assertArrayEquals(bytes, store().read(first.digest()));
    }

    @Test
    @DisplayName("bytes put from an array, a stream and a file get one digest")
    void arrayStreamAndFile_agree(@TempDir Path dir) throws IOException {
      byte[] bytes = seeded(5, 5000);
      BlobInfo fromArray = store().put(bytes);
      BlobInfo fromStream = store().put(new ShortReadInputStream(bytes, 7));
      BlobInfo fromFile = store().putFile(Files.write(dir.resolve("f"), bytes));
      assertEquals(fromArray, fromStream);
      assertEquals(fromArray, fromFile);
      assertEquals(1, listed(store()).size());
    }

    @Test
    @DisplayName("different bytes get different digests and are both stored")
    void differentBytes_differentDigests() {
      BlobInfo a = store().put(utf8("a"));
      BlobInfo b = store().put(utf8("b"));
      assertFalse(a.digest().equals(b.digest()));
      assertArrayEquals(utf8("a"), store().read(a.digest()));
      assertArrayEquals(utf8("b"), store().read(b.digest()));
    }
  }

  @Nested
  @DisplayName("the empty blob")
  class EmptyBlob {

    @Test
    @DisplayName("no bytes are stored under the SHA-256 of no bytes, with size 0")
    void empty_hasTheWellKnownDigest() {
      BlobInfo info = store().put(new byte[0]);
      assertEquals(new Digest(Digest.SHA256, EMPTY_SHA256), info.digest());
      assertEquals(0, info.size());
    }

    @Test
    @DisplayName("the empty blob is contained, reads back as no bytes and is listed")
    void empty_readsBackEmpty() {
      Digest d = store().put(InputStream.nullInputStream()).digest();
      assertTrue(store().contains(d));
      assertArrayEquals(new byte[0], store().read(d));
      assertEquals(List.of(d), listed(store()));
      assertEquals(List.of(), store().verifyAll());
    }
  }

  @Nested
  @DisplayName("large blobs")
  class LargeBlob {

    @Test
    @DisplayName("an 8 MiB + 1 byte blob given in short reads is stored whole and streams back identical")
    void largeBlob_roundTrips() throws IOException {
      byte[] bytes = seeded(6, LARGE_SIZE);
      BlobInfo info = store().put(new ShortReadInputStream(bytes, 65_521));
      assertEquals(Digest.sha256(bytes), info.digest());
      assertEquals(LARGE_SIZE, info.size());
      byte[] back = new byte[LARGE_SIZE];
      int at = 0;
      try (InputStream in = store().open(info.digest())) {
        byte[] buf = new byte[12_345];
        int n;
        while ((n = in.read(buf)) >= 0) {
          assertTrue(at + n <= LARGE_SIZE, "the stream returns more bytes than were stored");
          System.arraycopy(buf, 0, back, at, n);
          at += n;
        }
      }
      assertEquals(LARGE_SIZE, at);
      assertArrayEquals(bytes, back);
    }
  }

  @Nested
  @DisplayName("large streaming blobs")
  class LargeStream {

    @Test
    @DisplayName("a large blob generated as a stream is stored under its digest and streams back verified")
    void largeStream_roundTrips() throws IOException {
      long size = largeStreamSize();
      Digest expected = digestOf(new SeededInputStream(11, size));
      BlobInfo info = store().put(new SeededInputStream(11, size));
      assertEquals(new BlobInfo(expected, size), info);
      MessageDigest md = Digest.newSha256();
      long read = 0;
      try (InputStream in = store().open(expected)) {
        byte[] buf = new byte[1 << 16];
        int n;
        while ((n = in.read(buf)) >= 0) {
          md.update(buf, 0, n);
          read += n;
        }
      }
      assertEquals(size, read);
      assertEquals(expected, Digest.ofSha256Bytes(md.digest()));
    }

    @Test
    @DisplayName("a large put whose stream fails part way throws UncheckedIOException and stores nothing")
    void largeFailingStream_storesNothing() {
      InputStream failing = new SeededInputStream(12, largeStreamSize() / 2) {
        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          int n = super.read(b, off, len);
          if (n < 0) {
            throw new IOException("simulated failure of the source stream");
          }
          return n;
        }
      };
      assertThrows(UncheckedIOException.class, () -> store().put(failing));
      assertEquals(List.of(), listed(store()));
      assertEquals(List.of(), store().verifyAll());
    }
  }

  @Nested
  @DisplayName("absent blobs")
  class Absent {

    @Test
    @DisplayName("open of a digest that was never stored throws NotFoundException")
    void open_absent_throwsNotFound() {
      store().put(utf8("present"));
      Digest absent = Digest.sha256(utf8("absent"));
      assertThrows(NotFoundException.class, () -> store().open(absent).close());
    }

    @Test
    @DisplayName("read of a digest that was never stored throws NotFoundException")
    void read_absent_throwsNotFound() {
      Digest absent = Digest.sha256(utf8("absent"));
      assertThrows(NotFoundException.class, () -> store().read(absent));
    }
  }

  @Nested
  @DisplayName("corruption")
  class Corruption {

    @Test
    @DisplayName("bytes replaced by others of the same length throw IntegrityException when read to the end")
    void sameLength_detected() throws Exception {
      byte[] bytes = seeded(7, 2048);
      Digest d = store().put(bytes).digest();
      byte[] flipped = bytes.clone();
      flipped[1000] ^= 0x01;
      corrupt(store(), d, flipped);
      assertThrows(IntegrityException.class, () -> readThrough(store(), d));
    }

    @Test
    @DisplayName("truncated bytes throw IntegrityException when read to the end")
    void truncated_detected() throws Exception {
      byte[] bytes = seeded(8, 2048);
      Digest d = store().put(bytes).digest();
      corrupt(store(), d, Arrays.copyOf(bytes, 1024));
      assertThrows(IntegrityException.class, () -> readThrough(store(), d));
    }

    @Test
    @DisplayName("extended bytes throw IntegrityException when read to the end")
    void extended_detected() throws Exception {
      byte[] bytes = seeded(9, 2048);
      Digest d = store().put(bytes).digest();
      corrupt(store(), d, Arrays.copyOf(bytes, 4096));
      assertThrows(IntegrityException.class, () -> readThrough(store(), d));
    }

    @Test
    @DisplayName("a blob emptied on the medium throws IntegrityException when read to the end")
    void emptied_detected() throws Exception {
      Digest d = store().put(utf8("not empty")).digest();
      corrupt(store(), d, new byte[0]);
      assertThrows(IntegrityException.class, () -> readThrough(store(), d));
    }

    @Test
    @DisplayName("read of a corrupted blob throws IntegrityException, never returning the bad bytes")
    void read_corrupted_throws() throws Exception {
      Digest d = store().put(utf8("the original bytes")).digest();
      corrupt(store(), d, utf8("tampered bytes!!!!"));
      assertThrows(IntegrityException.class, () -> store().read(d));
    }

    @Test
    @DisplayName("putting the right bytes again repairs a corrupted blob")
    void putAgain_repairs() throws Exception {
      byte[] bytes = seeded(10, 4096);
      Digest d = store().put(bytes).digest();
      byte[] flipped = bytes.clone();
      flipped[17] ^= 0x40;
      corrupt(store(), d, flipped);
      assertEquals(d, store().put(bytes).digest());
      assertArrayEquals(bytes, store().read(d));
      assertEquals(List.of(), store().verifyAll());
    }

    @Test
    @DisplayName("a corrupted blob does not affect the other blobs")
    void corruption_isLocal() throws Exception {
      Digest bad = store().put(utf8("bad")).digest();
      byte[] goodBytes = utf8("good");
      Digest good = store().put(goodBytes).digest();
      corrupt(store(), bad, utf8("BAD"));
      assertArrayEquals(goodBytes, store().read(good));
    }
  }

  @Nested
  @DisplayName("failed puts")
  class FailedPut {

    @Test
    @DisplayName("a put whose stream fails part way throws UncheckedIOException and stores nothing")
    void failingStream_storesNothing() {
      byte[] prefix = seeded(10, 3 * 1024 * 1024);
      InputStream failing = new FailingInputStream(prefix);
      assertThrows(UncheckedIOException.class, () -> store().put(failing));
      assertEquals(List.of(), listed(store()));
      assertFalse(store().contains(Digest.sha256(prefix)));
      assertEquals(List.of(), store().verifyAll());
    }
  }

  @Nested
  @DisplayName("forEach")
  class Listing {

    @Test
    @DisplayName("an empty store lists nothing")
    void empty_listsNothing() {
      assertEquals(List.of(), listed(store()));
    }

    @Test
    @DisplayName("every stored digest is listed exactly once, however often it was put")
    void everyDigest_listedOnce() {
      Set<Digest> expected = new TreeSet<>();
      for (int i = 0; i < 40; i++) {
        byte[] bytes = seeded(100 + i % 25, 1 + (i % 25) * 37);
        expected.add(store().put(bytes).digest());
      }
      assertEquals(25, expected.size());
      List<Digest> seen = listed(store());
      assertEquals(seen.size(), new HashSet<>(seen).size(), "a digest was listed more than once: " + seen);
      assertEquals(expected, new TreeSet<>(seen));
    }
  }

  @Nested
  @DisplayName("verifyAll")
  class VerifyAll {

    @Test
    @DisplayName("an empty store reports no problems")
    void empty_noProblems() {
      assertEquals(List.of(), store().verifyAll());
    }

    @Test
    @DisplayName("an intact store reports no problems")
    void intact_noProblems() {
      for (int i = 0; i < 10; i++) {
        store().put(seeded(200 + i, 100 * i));
      }
      assertEquals(List.of(), store().verifyAll());
    }

    @Test
    @DisplayName("a corrupted blob is named in the report and the intact ones are not")
    void corrupted_isNamed() throws Exception {
      Digest bad = store().put(utf8("to be corrupted")).digest();
      List<Digest> good = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        good.add(store().put(seeded(300 + i, 500)).digest());
      }
      corrupt(store(), bad, utf8("corrupted"));
      List<String> problems = store().verifyAll();
      assertEquals(1, problems.size(), "one corrupted blob, one problem: " + problems);
      assertTrue(problems.get(0).contains(bad.hex()), "the problem names the corrupted blob: " + problems);
      for (Digest g : good) {
        assertFalse(problems.get(0).contains(g.hex()), "an intact blob is reported: " + problems);
      }
    }
  }

  @Nested
  @DisplayName("stored times and removal")
  class StoredTimes {

    @Test
    @DisplayName("forEachStored lists every blob once with its size and a stored time of its put")
    void forEachStored_listsSizesAndTimes() throws Exception {
      Instant before = Instant.now().minus(storedTimeResolution());
      BlobInfo a = store().put(seeded(600, 1234));
      BlobInfo b = store().put(new byte[0]);
      store().put(seeded(600, 1234));
      Instant after = Instant.now().plus(storedTimeResolution());
      List<StoredBlob> seen = new ArrayList<>();
      store().forEachStored(seen::add);
      assertEquals(2, seen.size(), "each blob once: " + seen);
      for (StoredBlob s : seen) {
        BlobInfo put = s.digest().equals(a.digest()) ? a : b;
        assertEquals(put.digest(), s.digest());
        assertEquals(put.size(), s.size());
        assertTrue(!s.storedAt().isBefore(before) && !s.storedAt().isAfter(after),
            "stored time " + s.storedAt() + " is not the time of the put, between " + before + " and " + after);
      }
    }

    @Test
    @DisplayName("deleteIfStoredBefore removes a blob stored before the cutoff; it is then absent everywhere")
    void deleteIfStoredBefore_removesAnOldBlob() throws Exception {
      byte[] bytes = seeded(601, 3000);
      Digest d = store().put(bytes).digest();
      Digest other = store().put(seeded(602, 3000)).digest();
      Thread.sleep(storedTimeResolution().toMillis());
      assertTrue(store().deleteIfStoredBefore(d, Instant.now()));
      assertFalse(store().contains(d));
      assertThrows(NotFoundException.class, () -> store().read(d));
      assertEquals(List.of(other), listed(store()), "the other blob stays");
      assertFalse(store().deleteIfStoredBefore(d, Instant.now()), "a second delete finds nothing");
      assertEquals(d, store().put(bytes).digest(), "a removed blob can be stored again");
      assertArrayEquals(bytes, store().read(d));
    }

    @Test
    @DisplayName("deleteIfStoredBefore keeps a blob stored at or after the cutoff")
    void deleteIfStoredBefore_keepsAYoungBlob() {
      Instant cutoff = Instant.now().minus(Duration.ofHours(1));
      byte[] bytes = seeded(603, 3000);
      Digest d = store().put(bytes).digest();
      assertFalse(store().deleteIfStoredBefore(d, cutoff));
      assertArrayEquals(bytes, store().read(d));
    }

    @Test
    @DisplayName("a put of bytes already stored refreshes their stored time, so an earlier cutoff keeps them")
    void putAgain_refreshesTheStoredTime() throws Exception {
      byte[] bytes = seeded(604, 3000);
      Digest d = store().put(bytes).digest();
      Thread.sleep(storedTimeResolution().toMillis());
      Instant cutoff = Instant.now();
      Thread.sleep(storedTimeResolution().toMillis());
      assertEquals(d, store().put(bytes).digest());
      assertFalse(store().deleteIfStoredBefore(d, cutoff), "the blob was stored again after the cutoff");
      assertArrayEquals(bytes, store().read(d));
    }

    @Test
    @DisplayName("deleteIfStoredBefore of a digest never stored returns false")
    void deleteIfStoredBefore_absent_returnsFalse() {
      assertFalse(store().deleteIfStoredBefore(Digest.sha256(utf8("never stored")), Instant.now().plusSeconds(60)));
    }

    @Test
    @DisplayName("removeIncompleteWrites leaves stored blobs alone")
    void removeIncompleteWrites_keepsBlobs() {
      byte[] bytes = seeded(605, 3000);
      Digest d = store().put(bytes).digest();
      store().removeIncompleteWrites(Instant.now().plusSeconds(60));
      assertEquals(List.of(d), listed(store()));
      assertArrayEquals(bytes, store().read(d));
    }
  }

  @Nested
  @DisplayName("concurrent puts")
  class Concurrency {

    @Test
    @DisplayName("the same bytes put from several threads at once all get one digest and one readable blob")
    void sameBytes_fromManyThreads() throws Exception {
      byte[] bytes = seeded(400, 256 * 1024);
      Digest expected = Digest.sha256(bytes);
      List<BlobInfo> results = Concurrently.run(THREADS, t -> {
        List<BlobInfo> out = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
          out.add(store().put(new ShortReadInputStream(bytes, 4096 + t)));
        }
        return out;
      });
      assertEquals(THREADS * 5, results.size());
      for (BlobInfo r : results) {
        assertEquals(new BlobInfo(expected, bytes.length), r);
      }
      assertEquals(List.of(expected), listed(store()));
      assertArrayEquals(bytes, store().read(expected));
      assertEquals(List.of(), store().verifyAll());
    }

    @Test
    @DisplayName("different and shared bytes put from several threads at once are all stored and readable")
    void differentBytes_fromManyThreads() throws Exception {
      byte[] shared = seeded(500, 64 * 1024);
      List<BlobInfo> results = Concurrently.run(THREADS, t -> {
        List<BlobInfo> out = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
          out.add(store().put(seeded(1000L * t + i, 1000 + 97 * i)));
          out.add(store().put(shared));
        }
        return out;
      });
      Set<Digest> expected = new TreeSet<>();
      expected.add(Digest.sha256(shared));
      for (int t = 0; t < THREADS; t++) {
        for (int i = 0; i < 10; i++) {
          byte[] bytes = seeded(1000L * t + i, 1000 + 97 * i);
          Digest d = Digest.sha256(bytes);
          expected.add(d);
          assertTrue(store().contains(d));
          assertArrayEquals(bytes, store().read(d));
        }
      }
      assertEquals(expected, results.stream().map(BlobInfo::digest).collect(Collectors.toCollection(TreeSet::new)));
      List<Digest> seen = listed(store());
      assertEquals(expected.size(), seen.size(), "every blob listed once");
      assertEquals(expected, new TreeSet<>(seen));
      assertEquals(List.of(), store().verifyAll());
    }
  }

  // ------------------------------------------------------------------ helpers

  static List<Digest> listed(BlobStore s) {
    List<Digest> out = new ArrayList<>();
    s.forEach(out::add);
    return out;
  }

  static void readThrough(BlobStore s, Digest d) throws IOException {
    try (InputStream in = s.open(d)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
  }

  static byte[] seeded(long seed, int size) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static Digest digestOf(InputStream in) throws IOException {
    MessageDigest md = Digest.newSha256();
    byte[] buf = new byte[1 << 16];
    int n;
    while ((n = in.read(buf)) >= 0) {
      md.update(buf, 0, n);
    }
    return Digest.ofSha256Bytes(md.digest());
  }

  /**
   * A stream of {@code size} pseudo-random bytes from a seed, generated as it is read (nothing held
   * but one 8-byte word), so blobs of gigabytes can be stored without holding them.
   */
  static class SeededInputStream extends InputStream {
    private final SplittableRandom random;
    private final long size;
    private long pos;
    private long word;

    SeededInputStream(long seed, long size) {
      this.random = new SplittableRandom(seed);
      this.size = size;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (pos >= size) {
        return -1;
      }
      int n = (int) Math.min(len, size - pos);
      int i = 0;
      while (i < n) {
        int k = (int) (pos & 7);
        if (k == 0 && n - i >= 8) { // a whole word at once: the same bytes as one at a time
          long w = random.nextLong();
          for (int j = 0; j < 8; j++) {
            b[off + i + j] = (byte) (w >>> (j << 3));
          }
          i += 8;
          pos += 8;
          continue;
        }
        if (k == 0) {
          word = random.nextLong();
        }
        b[off + i] = (byte) (word >>> (k << 3));
        i++;
        pos++;
      }
      return n;
    }
  }

  /** Returns at most {@code maxRead} bytes per call, as network streams do. */
  static final class ShortReadInputStream extends InputStream {
    private final byte[] bytes;
    private final int maxRead;
    private int pos;

    ShortReadInputStream(byte[] bytes, int maxRead) {
      this.bytes = bytes;
      this.maxRead = maxRead;
    }

    @Override
    public int read() {
      return pos < bytes.length ? bytes[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (len == 0) {
        return 0;
      }
      if (pos >= bytes.length) {
        return -1;
      }
      int n = Math.min(Math.min(len, maxRead), bytes.length - pos);
      System.arraycopy(bytes, pos, b, off, n);
      pos += n;
      return n;
    }
  }

  /** Records whether it was closed. */
  static final class CloseRecordingInputStream extends ByteArrayInputStream {
    volatile boolean closed;

    CloseRecordingInputStream(byte[] bytes) {
      super(bytes);
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  /** Gives some bytes, then fails as a broken connection would. */
  static final class FailingInputStream extends InputStream {
    private final ShortReadInputStream prefix;

    FailingInputStream(byte[] prefix) {
      this.prefix = new ShortReadInputStream(prefix, 100_000);
    }

    @Override
    public int read() throws IOException {
      int b = prefix.read();
      if (b < 0) {
        throw new IOException("simulated failure of the source stream");
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = prefix.read(b, off, len);
      if (n < 0) {
        throw new IOException("simulated failure of the source stream");
      }
      return n;
    }
  }
}
