package dev.mlops.registry.store.s3;

import java.util.concurrent.ArrayBlockingQueue;

/**
 * Recycled byte arrays of one size for the verified reads of one store, so that a read allocates nothing
 * in the steady state: a stream takes chunks as it needs them and gives them back at its end. At most
 * {@code maxIdle} chunks are kept between reads; more are allocated when many reads run at once, and
 * dropped when they come back to a full pool. Thread-safe.
 */
final class ChunkPool {
  private final int chunkSize;
  private final ArrayBlockingQueue<byte[]> idle;

  /**
   * Creates an empty pool.
   *
   * @param chunkSize the size of every chunk, in bytes
   * @param maxIdle how many chunks to keep between reads
   */
  ChunkPool(int chunkSize, int maxIdle) {
    if (chunkSize < 1 || maxIdle < 1) {
      throw new IllegalArgumentException("chunkSize and maxIdle must be positive");
    }
    this.chunkSize = chunkSize;
    this.idle = new ArrayBlockingQueue<>(maxIdle);
  }

  /** The size of every chunk, in bytes. */
  int chunkSize() {
    return chunkSize;
  }

  /** A chunk: a kept one if any, else a new one. Its contents are undefined. */
  byte[] take() {
    byte[] c = idle.poll();
    return c != null ? c : new byte[chunkSize];
  }

  /** Gives a chunk back (dropped if the pool is full). */
  void give(byte[] chunk) {
    if (chunk.length == chunkSize) {
      idle.offer(chunk);
    }
  }

  /** How many chunks are kept now (for tests). */
  int idleCount() {
    return idle.size();
  }
}
