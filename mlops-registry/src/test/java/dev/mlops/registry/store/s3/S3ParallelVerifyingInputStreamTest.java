package dev.mlops.registry.store.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.Digest;
import dev.mlops.core.IntegrityException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The S3 store's verified read stream, whose SHA-256 runs on a second thread: with small chunks and
 * rings so that every path (ring full, hasher leaving and restarted, the caller hashing the rest) is
 * taken many times, against in-memory sources and a real thread pool.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class S3ParallelVerifyingInputStreamTest {
  private final ThreadPoolExecutor threads = (ThreadPoolExecutor) Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "test-hasher");
    t.setDaemon(true);
    return t;
  });

  @AfterEach
  void stopThreads() throws InterruptedException {
    threads.shutdown();
    assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).as("every hasher left").isTrue();
  }

  static byte[] seeded(long seed, int size) {
    byte[] b = new byte[size];
    new SplittableRandom(seed).nextBytes(b);
    return b;
  }

  private ParallelVerifyingInputStream stream(InputStream source, Runnable abort, byte[] expected, ChunkPool pool, int slots,
      ExecutorService executor) {
    return new ParallelVerifyingInputStream(source, abort, Digest.sha256(expected), "blob under test", pool, slots, executor);
  }

  /** Reads to the end with read sizes drawn from the seed (1 byte to 3 chunks). */
  static byte[] readAll(InputStream in, long seed, int chunk) throws IOException {
    SplittableRandom r = new SplittableRandom(seed);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[3 * chunk + 7];
    while (true) {
      int len = 1 + r.nextInt(buf.length - 1);
      int off = r.nextInt(buf.length - len + 1);
      int n = in.read(buf, off, len);
      if (n < 0) {
        return out.toByteArray();
      }
      out.write(buf, off, n);
    }
  }

  @Test
  void bytesReadInAnyPieces_comeBackWhole_andVerifyAtTheEnd() throws IOException {
    for (int round = 0; round < 200; round++) {
      SplittableRandom r = new SplittableRandom(round);
      int chunk = 1 + r.nextInt(4096);
      int slots = 2 + r.nextInt(4);
      byte[] bytes = seeded(round, r.nextInt(200_000));
      ChunkPool pool = new ChunkPool(chunk, slots);
      try (ParallelVerifyingInputStream in = stream(new ByteArrayInputStream(bytes), () -> { }, bytes, pool, slots, threads)) {
        assertThat(readAll(in, round, chunk)).as("round %d", round).isEqualTo(bytes);
        assertThat(in.verified()).isTrue();
        assertThat(in.read(new byte[8], 0, 8)).isEqualTo(-1);
        assertThat(in.read()).isEqualTo(-1);
      }
      assertThat(pool.idleCount()).as("the chunks went back to the pool").isLessThanOrEqualTo(slots);
    }
  }

  @Test
  void oneByteReads_andSkips_areHashedToo() throws IOException {
    byte[] bytes = seeded(7, 50_000);
    try (ParallelVerifyingInputStream in = stream(new ByteArrayInputStream(bytes), () -> { }, bytes, new ChunkPool(1000, 4), 4, threads)) {
      for (int i = 0; i < 20_000; i++) {
        assertThat(in.read()).isEqualTo(bytes[i] & 0xff);
      }
      assertThat(in.skip(10_000)).isEqualTo(10_000);
      assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(bytes, 30_000, bytes.length));
      assertThat(in.verified()).isTrue();
    }
  }

  @Test
  void corruptedBytes_areAllReturned_butTheEndThrowsIntegrityException_everyTime() throws IOException {
    byte[] bytes = seeded(8, 300_000);
    byte[] served = bytes.clone();
    served[299_999] ^= 1; // in the very last chunk
    ChunkPool pool = new ChunkPool(4096, 4);
    try (ParallelVerifyingInputStream in = stream(new ByteArrayInputStream(served), () -> { }, bytes, pool, 4, threads)) {
      byte[] got = in.readNBytes(served.length);
      assertThat(got).isEqualTo(served);
      assertThatThrownBy(in::read).isInstanceOf(IntegrityException.class)
          .hasMessageContaining("blob under test").hasMessageContaining("do not match their digest");
      assertThatThrownBy(() -> in.read(new byte[4])).isInstanceOf(IntegrityException.class);
      assertThat(in.verified()).isFalse();
    }
    // Truncated and extended bytes, too.
    for (byte[] wrong : new byte[][] {Arrays.copyOf(bytes, 200_000), Arrays.copyOf(bytes, 300_001), new byte[0]}) {
      try (InputStream in = stream(new ByteArrayInputStream(wrong), () -> { }, bytes, pool, 4, threads)) {
        assertThatThrownBy(() -> readAll(in, 1, 4096)).isInstanceOf(IntegrityException.class);
      }
    }
  }

  @Test
  void aSlowHasher_makesTheCallerWait_neverHoldingMoreThanTheRing() throws IOException {
    int slots = 3;
    ChunkPool pool = new ChunkPool(1024, 100);
    // Every hasher starts late, so the caller fills the ring and waits.
    ExecutorService late = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(() -> {
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        }
        r.run();
      }, "late-hasher");
      t.setDaemon(true);
      return t;
    });
    try {
      byte[] bytes = seeded(9, 100_000);
      try (ParallelVerifyingInputStream in = stream(new ByteArrayInputStream(bytes), () -> { }, bytes, pool, slots, late)) {
        assertThat(in.readAllBytes()).isEqualTo(bytes);
        assertThat(in.verified()).isTrue();
      }
      assertThat(pool.idleCount()).as("chunks ever allocated by one read").isEqualTo(slots);
    } finally {
      late.shutdownNow();
    }
  }

  @Test
  void closingBeforeTheEnd_abortsTheSource_stopsTheHasher_andReturnsTheChunks() throws Exception {
    byte[] bytes = seeded(10, 1_000_000);
    AtomicInteger aborts = new AtomicInteger();
    AtomicBoolean sourceClosed = new AtomicBoolean();
    InputStream source = new ByteArrayInputStream(bytes) {
      @Override
      public void close() {
        sourceClosed.set(true);
      }
    };
    ChunkPool pool = new ChunkPool(4096, 8);
    ParallelVerifyingInputStream in = stream(source, aborts::incrementAndGet, bytes, pool, 8, threads);
    assertThat(in.readNBytes(100_000)).isEqualTo(Arrays.copyOf(bytes, 100_000));
    in.close();
    in.close();
    assertThat(aborts).hasValue(1);
    assertThat(sourceClosed).isTrue();
    assertThat(pool.idleCount()).isPositive();
    assertThatThrownBy(in::read).isInstanceOf(IOException.class).hasMessageContaining("closed");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (threads.getActiveCount() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    assertThat(threads.getActiveCount()).as("the hasher left").isZero();
  }

  @Test
  void aStreamAbandonedWithoutClose_holdsNoThread() throws Exception {
    byte[] bytes = seeded(11, 1_000_000);
    ParallelVerifyingInputStream in = stream(new ByteArrayInputStream(bytes), () -> { }, bytes, new ChunkPool(4096, 8), 8, threads);
    assertThat(in.readNBytes(500_000)).isEqualTo(Arrays.copyOf(bytes, 500_000));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (threads.getActiveCount() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    assertThat(threads.getActiveCount()).as("the idle hasher left").isZero();
    // Reading on after a pause starts a hasher again and still verifies.
    assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(bytes, 500_000, bytes.length));
    assertThat(in.verified()).isTrue();
    in.close();
  }

  @Test
  void aFailingSource_failsTheRead_andCloseStillCleansUp() throws IOException {
    byte[] bytes = seeded(12, 200_000);
    InputStream failing = new InputStream() {
      private final InputStream in = new ByteArrayInputStream(bytes, 0, 150_000);

      @Override
      public int read() {
        throw new UnsupportedOperationException();
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n < 0) {
          throw new IOException("connection reset");
        }
        return n;
      }
    };
    AtomicInteger aborts = new AtomicInteger();
    ParallelVerifyingInputStream in = stream(failing, aborts::incrementAndGet, bytes, new ChunkPool(4096, 8), 8, threads);
    assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class).hasMessage("connection reset");
    in.close();
    assertThat(aborts).hasValue(1);
  }

  @Test
  void withTheThreadsShutDown_theCallerHashes_andStillVerifies() throws IOException {
    threads.shutdown();
    byte[] bytes = seeded(13, 100_000);
    try (ParallelVerifyingInputStream in = stream(new ByteArrayInputStream(bytes), () -> { }, bytes, new ChunkPool(1024, 4), 4, threads)) {
      assertThat(in.readAllBytes()).isEqualTo(bytes);
      assertThat(in.verified()).isTrue();
    }
    byte[] wrong = bytes.clone();
    wrong[5] ^= 1;
    try (InputStream in = stream(new ByteArrayInputStream(wrong), () -> { }, bytes, new ChunkPool(1024, 4), 4, threads)) {
      assertThatThrownBy(in::readAllBytes).isInstanceOf(IntegrityException.class);
    }
  }

  @Test
  void thePoolKeepsAtMostItsBound_andRefusesForeignSizes() {
    ChunkPool pool = new ChunkPool(16, 2);
    byte[] a = pool.take();
    byte[] b = pool.take();
    byte[] c = pool.take();
    pool.give(a);
    pool.give(b);
    pool.give(c);
    pool.give(new byte[15]);
    assertThat(pool.idleCount()).isEqualTo(2);
    assertThat(pool.take()).isSameAs(a);
    assertThatThrownBy(() -> new ChunkPool(0, 1)).isInstanceOf(IllegalArgumentException.class);
  }
}
