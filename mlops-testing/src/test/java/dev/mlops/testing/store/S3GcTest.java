package dev.mlops.testing.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.Digest;
import dev.mlops.core.artifact.ArtifactFormat;
import dev.mlops.core.store.StoredBlob;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Registration;
import dev.mlops.registry.store.InMemoryMetadataStore;
import dev.mlops.registry.store.s3.S3BlobStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * gc on the S3 store while registrations run: S3 stamps objects to the second, so the grace period
 * here (2 s) covers a registration plus that granularity.
 */
class S3GcTest {
  static final Duration GRACE = Duration.ofSeconds(2);

  @Test
  void gcLoopingUnderConcurrentRegistrations_removesOnlyOrphans_andEveryVersionVerifies() throws Exception {
    try (S3BlobStore s3 = S3TestServer.shared().store("gc/" + UUID.randomUUID()).build();
        ModelRegistry r = ModelRegistry.builder().blobStore(s3).metadataStore(new InMemoryMetadataStore("mem:s3gc")).build()) {
      List<byte[]> orphans = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        orphans.add(BlobStoreCompatibilityKit.seeded(700 + i, 3000 + i));
        s3.put(orphans.get(i));
      }
      Thread.sleep(GRACE.toMillis() + 1200);
      AtomicBoolean registering = new AtomicBoolean(true);
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<List<ModelVersion>>> registrars = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
          int thread = t;
          registrars.add(pool.submit(() -> {
            List<ModelVersion> out = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
              byte[] b = i % 2 == 0 ? orphans.get((thread * 8 + i) % orphans.size()) : BlobStoreCompatibilityKit.seeded(9000 + 100 * thread + i, 2000);
              out.add(r.register(Registration.bytes("m" + thread, "f.bin", b, ArtifactFormat.RAW).build()));
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
        assertThat(collector.get(1, TimeUnit.MINUTES)).as("orphans removed while registering").isPositive();
        assertThat(r.verify().problems()).isEmpty();

        Thread.sleep(GRACE.toMillis() + 1200);
        r.gc(GRACE);
        Set<Digest> referenced = new HashSet<>();
        registered.forEach(v -> v.manifest().files().forEach(f -> referenced.add(f.digest())));
        Set<Digest> stored = new HashSet<>();
        s3.forEachStored(b -> stored.add(b.digest()));
        assertThat(stored).isEqualTo(referenced);
        assertThat(r.verify().isClean()).isTrue();
        List<StoredBlob> left = new ArrayList<>();
        s3.forEachStored(left::add);
        assertThat(left).hasSize(referenced.size());
      } finally {
        registering.set(false);
        pool.shutdownNow();
        pool.awaitTermination(1, TimeUnit.MINUTES);
      }
    }
  }
}
