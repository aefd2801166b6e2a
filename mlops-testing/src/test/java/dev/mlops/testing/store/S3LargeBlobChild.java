package dev.mlops.testing.store;

import dev.mlops.core.store.BlobInfo;
import dev.mlops.core.store.BlobStore;
import dev.mlops.core.store.BlobStores;
import java.io.InputStream;
import java.net.URI;

/**
 * Run in a child JVM with a small heap by {@link S3LargeBlobTest}: opens an {@code s3:} store by URI
 * (ServiceLoader discovery, credentials from the SDK's default chain, i.e. the environment), puts a
 * seeded stream of the given size, reads it back through the verifying stream, and prints what it did.
 * Arguments: store URI, size in bytes, seed.
 */
public final class S3LargeBlobChild {
  private S3LargeBlobChild() {}

  public static void main(String[] args) throws Exception {
    URI uri = URI.create(args[0]);
    long size = Long.parseLong(args[1]);
    long seed = Long.parseLong(args[2]);
    System.out.println("MAXHEAP " + Runtime.getRuntime().maxMemory());
    try (BlobStore store = BlobStores.open(uri)) {
      long t0 = System.nanoTime();
      BlobInfo info = store.put(new BlobStoreCompatibilityKit.SeededInputStream(seed, size));
      long t1 = System.nanoTime();
      System.out.println("PUT " + info.digest() + " " + info.size() + " " + (t1 - t0) / 1_000_000 + "ms");
      long read = 0;
      byte[] buf = new byte[1 << 16];
      try (InputStream in = store.open(info.digest())) {
        int n;
        while ((n = in.read(buf)) >= 0) {
          read += n;
        }
      }
      System.out.println("READ " + read + " verified " + (System.nanoTime() - t1) / 1_000_000 + "ms");
    }
  }
}
