package dev.mlops.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.Digest;
import dev.mlops.core.artifact.ArtifactFormat;
import dev.mlops.core.store.BlobStore;
import dev.mlops.core.store.StoredBlob;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ModelRegistry#gc(Duration)} over each store pair: what it removes, what it keeps, and races. */
abstract class GcContract {
  /** Longer than any registration of the small blobs below, even on a loaded machine. */
  static final Duration GRACE = Duration.ofMillis(1000);

  @TempDir Path tmp;

  /** A registry on fresh stores. */
  abstract ModelRegistry open();

  @Test
  void gc_removesOldUnreferencedBlobs_andKeepsReferencedAndYoungOnes() throws Exception {
    try (ModelRegistry r = open()) {
      BlobStore blobs = r.blobStore();
      ModelVersion v = r.register(Registration.bytes("m", "weights.bin", bytes(1, 5000), ArtifactFormat.RAW).build());
      Digest referenced = v.manifest().files().get(0).digest();
      Digest orphan = blobs.put(bytes(2, 7000)).digest();
      Thread.sleep(GRACE.toMillis() + 200);
      Digest young = blobs.put(bytes(3, 300)).digest();

      GcReport report = r.gc(GRACE);

      assertThat(report.removed()).extracting(StoredBlob::digest).containsExactly(orphan);
      assertThat(report.removedBytes()).isEqualTo(7000);
      assertThat(report.keptReferenced()).isEqualTo(1);
      assertThat(report.keptYoung()).isEqualTo(1);
      assertThat(blobs.contains(orphan)).isFalse();
      assertThat(blobs.contains(referenced)).isTrue();
      assertThat(blobs.contains(young)).isTrue();
      assertThat(r.verify().isClean()).isTrue();
      assertThat(r.verify().unreferencedBlobs()).isEqualTo(1);

      // A zero grace period removes the young orphan too, and never the referenced blob.
      GcReport now = r.gc(Duration.ZERO);
      assertThat(now.removed()).extracting(StoredBlob::digest).containsExactly(young);
      assertThat(r.verify().unreferencedBlobs()).isZero();
      assertThat(r.openFile("m/1", "weights.bin").readAllBytes()).isEqualTo(bytes(1, 5000));
    }
  }

  @Test
  void gc_aBlobStoredAgainAfterGcListedIt_survives() throws Exception {
    try (ModelRegistry r = open()) {
      byte[] reused = bytes(4, 4000);
      Digest d = r.blobStore().put(reused).digest();
      Thread.sleep(GRACE.toMillis() + 200);
      // A registration of the same bytes starts after gc listed the (then old) orphan and before gc
      // removes it: the put refreshes the blob's time, so the conditional delete spares it.
      BlobStore racing = new ForwardingBlobStore(r.blobStore()) {
        boolean raced;

        @Override
        public boolean deleteIfStoredBefore(Digest digest, java.time.Instant cutoff) {
          if (!raced && digest.equals(d)) {
            raced = true;
            delegate.put(reused);
          }
          return super.deleteIfStoredBefore(digest, cutoff);
        }
      };
      try (ModelRegistry racingRegistry = ModelRegistry.builder().blobStore(racing).metadataStore(r.metadataStore()).build()) {
        GcReport report = racingRegistry.gc(GRACE);
        assertThat(report.removed()).isEmpty();
        assertThat(report.keptYoung()).isEqualTo(1);
      }
      r.register(Registration.bytes("m", "f", reused, ArtifactFormat.RAW).build());
      assertThat(r.verify().isClean()).isTrue();
    }
  }

  @Test
  void gc_underConcurrentRegistrations_neverRemovesAReferencedBlob() throws Exception {
    try (ModelRegistry r = open()) {
      BlobStore blobs = r.blobStore();
      int orphanCount = 40;
      List<byte[]> orphans = new ArrayList<>();
      for (int i = 0; i < orphanCount; i++) {
        orphans.add(bytes(1000 + i, 2000 + i));
        blobs.put(orphans.get(i));
      }
      Thread.sleep(GRACE.toMillis() + 200); // every orphan is now old enough to remove
      int threads = 4;
      int perThread = 30;
      // Registrations take a while between storing their bytes and creating their version (as an
      // upload of several files does): the window the grace period must cover.
      BlobStore slow = new ForwardingBlobStore(blobs) {
        @Override
        public dev.mlops.core.store.BlobInfo put(byte[] b) {
          dev.mlops.core.store.BlobInfo info = super.put(b);
          try {
            Thread.sleep(20);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return info;
        }
      };
      ModelRegistry registrar = ModelRegistry.builder().blobStore(slow).metadataStore(r.metadataStore()).build();
      AtomicBoolean registering = new AtomicBoolean(true);
      ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
      try {
        List<Future<List<ModelVersion>>> registrars = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int thread = t;
          registrars.add(pool.submit(() -> {
            List<ModelVersion> out = new ArrayList<>();
            for (int i = 0; i < perThread; i++) {
              // Half re-register an old orphan's bytes (racing its removal), half new bytes.
              byte[] b = i % 2 == 0 ? orphans.get((thread * perThread + i) % orphanCount) : bytes(10_000 * thread + i, 1500);
              out.add(registrar.register(Registration.bytes("model-" + thread, "f.bin", b, ArtifactFormat.RAW).build()));
            }
            return out;
          }));
        }
        Future<Integer> collector = pool.submit(() -> {
          int removed = 0;
          while (registering.get()) {
            removed += r.gc(GRACE).removed().size();
          }
          return removed;
        });
        List<ModelVersion> registered = new ArrayList<>();
        for (Future<List<ModelVersion>> f : registrars) {
          registered.addAll(f.get(2, TimeUnit.MINUTES));
        }
        registering.set(false);
        int removedWhileRegistering = collector.get(1, TimeUnit.MINUTES);

        assertThat(registered).hasSize(threads * perThread);
        VerificationReport report = r.verify();
        assertThat(report.problems()).as("every version's blobs are present and verify").isEmpty();
        assertThat(report.versionsChecked()).isEqualTo(threads * perThread);
        assertThat(removedWhileRegistering).as("gc removed orphans while registrations ran").isPositive();

        // Once everything is older than the grace period, gc leaves exactly the referenced blobs.
        Thread.sleep(GRACE.toMillis() + 200);
        r.gc(GRACE);
        Set<Digest> referenced = new HashSet<>();
        registered.forEach(v -> v.manifest().files().forEach(f -> referenced.add(f.digest())));
        Set<Digest> stored = new HashSet<>();
        blobs.forEach(stored::add);
        assertThat(stored).isEqualTo(referenced);
        assertThat(r.verify().isClean()).isTrue();
      } finally {
        registering.set(false);
        pool.shutdownNow();
        pool.awaitTermination(1, TimeUnit.MINUTES);
      }
    }
  }

  @Test
  void gc_refusesANegativeGracePeriod() {
    try (ModelRegistry r = open()) {
      assertThatThrownBy(() -> r.gc(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }
  }

  static byte[] bytes(long seed, int size) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

}
