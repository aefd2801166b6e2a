package dev.mlops.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.Digest;
import dev.mlops.core.IntegrityException;
import dev.mlops.core.NotFoundException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every {@link BlobStore} keeps, run once per implementation by a subclass that opens a
 * fresh store and can overwrite stored bytes behind the store's back.
 */
abstract class BlobStoreContract {
  static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  @TempDir Path tempDir;

  BlobStore store;

  /** Opens a new, empty store (it may use {@link #tempDir}). */
  abstract BlobStore newStore() throws IOException;

  /** Replaces the bytes stored under a digest without going through the store's checks. */
  abstract void replaceStoredBytes(Digest digest, byte[] bytes) throws IOException;

  @BeforeEach
  void openStore() throws IOException {
    store = newStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  void put_returnsSha256AndSizeOfTheBytes() {
    byte[] bytes = utf8("model weights");

    BlobInfo info = store.put(bytes);

    assertThat(info.digest()).isEqualTo(Digest.sha256(bytes));
    assertThat(info.size()).isEqualTo(bytes.length);
  }

  @Test
  void put_sameBytesTwice_returnsSameDigestAndStoresOnce() {
    BlobInfo first = store.put(utf8("same"));
    BlobInfo second = store.put(new ByteArrayInputStream(utf8("same")));

    assertThat(second).isEqualTo(first);
    assertThat(digests()).containsExactly(first.digest());
  }

  @Test
  void put_emptyStream_storesTheEmptyBlob() {
    BlobInfo info = store.put(InputStream.nullInputStream());

    assertThat(info.digest().hex()).isEqualTo(EMPTY_SHA256);
    assertThat(info.size()).isZero();
    assertThat(store.contains(info.digest())).isTrue();
    assertThat(store.read(info.digest())).isEmpty();
  }

  @Test
  void put_streamLargerThanOneChunk_roundTrips() {
    byte[] bytes = random(3 * (1 << 20) + 5, 11);

    BlobInfo info = store.put(new ByteArrayInputStream(bytes));

    assertThat(info.size()).isEqualTo(bytes.length);
    assertThat(store.read(info.digest())).isEqualTo(bytes);
  }

  @Test
  void put_doesNotCloseTheStream() {
    boolean[] closed = {false};
    InputStream in = new ByteArrayInputStream(utf8("abc")) {
      @Override
      public void close() {
        closed[0] = true;
      }
    };

    store.put(in);

    assertThat(closed[0]).isFalse();
  }

  @Test
  void put_streamThatFails_throwsUncheckedIOException_andStoresNothing() {
    // 100 bytes, then every read fails (InputStream.read(byte[], ...) swallows a failure after the
    // first byte of a call, so the failure must persist or the stream would look endless).
    InputStream failing = new InputStream() {
      private int left = 100;

      @Override
      public int read() throws IOException {
        if (left <= 0) {
          throw new IOException("connection reset");
        }
        left--;
        return 'x';
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (left <= 0) {
          throw new IOException("connection reset");
        }
        int n = Math.min(len, left);
        Arrays.fill(b, off, off + n, (byte) 'x');
        left -= n;
        return n;
      }
    };

    assertThatThrownBy(() -> store.put(failing)).isInstanceOf(UncheckedIOException.class);
    assertThat(digests()).isEmpty();
  }

  @Test
  void putFile_storesTheFileContent() throws IOException {
    byte[] bytes = random(5000, 1);
    Path file = Files.write(tempDir.resolve("upload.bin"), bytes);

    BlobInfo info = store.putFile(file);

    assertThat(info).isEqualTo(new BlobInfo(Digest.sha256(bytes), bytes.length));
    assertThat(store.read(info.digest())).isEqualTo(bytes);
  }

  @Test
  void putFile_refusesSymbolicLink() throws IOException {
    Path target = Files.write(tempDir.resolve("secret.txt"), utf8("secret"));
    Path link = Files.createSymbolicLink(tempDir.resolve("link.txt"), target);

    assertThatThrownBy(() -> store.putFile(link)).isInstanceOf(UncheckedIOException.class);
    assertThat(digests()).isEmpty();
  }

  @Test
  void read_returnsTheStoredBytes() {
    byte[] bytes = random(10_000, 2);
    Digest d = store.put(bytes).digest();

    assertThat(store.read(d)).isEqualTo(bytes);
  }

  @Test
  void open_returnsAStreamThatIsVerifiedOnceReadThrough() throws IOException {
    byte[] bytes = random(70_000, 3);
    Digest d = store.put(bytes).digest();

    try (InputStream in = store.open(d)) {
      assertThat(in).isInstanceOf(VerifyingInputStream.class);
      assertThat(in.readAllBytes()).isEqualTo(bytes);
      assertThat(((VerifyingInputStream) in).verified()).isTrue();
    }
  }

  @Test
  void read_blobModifiedInPlace_throwsIntegrityException() throws IOException {
    byte[] bytes = random(4096, 4);
    Digest d = store.put(bytes).digest();
    byte[] modified = bytes.clone();
    modified[2048] ^= 0x01;
    replaceStoredBytes(d, modified);

    assertThatThrownBy(() -> store.read(d))
        .isInstanceOfSatisfying(IntegrityException.class, e -> {
          assertThat(e.subject()).contains(d.toString());
          assertThat(e.expected()).isEqualTo(d.toString());
          assertThat(e.actual()).isEqualTo(Digest.sha256(modified).toString());
        });
  }

  @Test
  void read_truncatedBlob_throwsIntegrityException() throws IOException {
    byte[] bytes = random(4096, 5);
    Digest d = store.put(bytes).digest();
    replaceStoredBytes(d, Arrays.copyOf(bytes, bytes.length - 1));

    assertThatThrownBy(() -> store.read(d)).isInstanceOf(IntegrityException.class);
  }

  @Test
  void read_blobWithBytesAppended_throwsIntegrityException() throws IOException {
    byte[] bytes = random(4096, 6);
    Digest d = store.put(bytes).digest();
    replaceStoredBytes(d, Arrays.copyOf(bytes, bytes.length + 1));

    assertThatThrownBy(() -> store.read(d)).isInstanceOf(IntegrityException.class);
  }

  @Test
  void read_emptiedBlob_throwsIntegrityException() throws IOException {
    Digest d = store.put(utf8("not empty")).digest();
    replaceStoredBytes(d, new byte[0]);

    assertThatThrownBy(() -> store.read(d)).isInstanceOf(IntegrityException.class);
  }

  @Test
  void open_corruptedBlob_failsWhenReadThrough() throws IOException {
    Digest d = store.put(utf8("original")).digest();
    replaceStoredBytes(d, utf8("tampered"));

    try (InputStream in = store.open(d)) {
      assertThatThrownBy(() -> in.transferTo(OutputStream.nullOutputStream()))
          .isInstanceOf(IntegrityException.class);
    }
  }

  @Test
  void verifyAll_intactStore_reportsNothing() {
    store.put(utf8("a"));
    store.put(utf8("b"));
    store.put(new byte[0]);

    assertThat(store.verifyAll()).isEmpty();
  }

  @Test
  void verifyAll_reportsTheCorruptedBlobOnly() throws IOException {
    Digest good = store.put(utf8("good")).digest();
    Digest bad = store.put(utf8("bad")).digest();
    replaceStoredBytes(bad, utf8("BAD"));

    List<String> problems = store.verifyAll();

    assertThat(problems).hasSize(1);
    assertThat(problems.get(0)).contains(bad.toString()).doesNotContain(good.toString());
  }

  @Test
  void contains_tellsWhetherABlobIsStored() {
    Digest stored = store.put(utf8("stored")).digest();

    assertThat(store.contains(stored)).isTrue();
    assertThat(store.contains(Digest.sha256(utf8("never stored")))).isFalse();
  }

  @Test
  void open_absentDigest_throwsNotFoundException() {
    Digest absent = Digest.sha256(utf8("absent"));

    assertThatThrownBy(() -> store.open(absent))
        .isInstanceOfSatisfying(NotFoundException.class, e -> {
          assertThat(e.kind()).isEqualTo("blob");
          assertThat(e.reference()).isEqualTo(absent.toString());
        });
  }

  @Test
  void read_absentDigest_throwsNotFoundException() {
    assertThatThrownBy(() -> store.read(Digest.sha256(utf8("absent")))).isInstanceOf(NotFoundException.class);
  }

  @Test
  void forEach_visitsEveryBlobOnce() {
    List<Digest> stored = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      stored.add(store.put(utf8("blob " + i)).digest());
    }

    assertThat(digests()).containsExactlyInAnyOrderElementsOf(stored);
  }

  @Test
  void put_sameBytesConcurrently_storesOneIntactBlob() throws Exception {
    byte[] bytes = random(2 * (1 << 20) + 1, 8);
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<BlobInfo>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        Callable<BlobInfo> put = () -> {
          start.await();
          return store.put(new ByteArrayInputStream(bytes));
        };
        results.add(pool.submit(put));
      }
      start.countDown();
      for (Future<BlobInfo> r : results) {
        assertThat(r.get(60, TimeUnit.SECONDS)).isEqualTo(new BlobInfo(Digest.sha256(bytes), bytes.length));
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(digests()).containsExactly(Digest.sha256(bytes));
    assertThat(store.read(Digest.sha256(bytes))).isEqualTo(bytes);
    assertThat(store.verifyAll()).isEmpty();
  }

  @Test
  void describe_namesTheStore() {
    assertThat(store.describe()).isNotBlank();
  }

  List<Digest> digests() {
    List<Digest> all = new ArrayList<>();
    store.forEach(all::add);
    return all;
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }
}
