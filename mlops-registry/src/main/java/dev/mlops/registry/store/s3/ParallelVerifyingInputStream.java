package dev.mlops.registry.store.s3;

import dev.mlops.core.Digest;
import dev.mlops.core.IntegrityException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * A verifying stream whose SHA-256 runs on a second thread, so that hashing overlaps the network read
 * when a core is free.
 *
 * <p>The caller's thread reads the source straight into the caller's buffer, exactly as a plain read
 * would, and copies what it read into a chunk; full chunks go through a ring of at most {@code slots}
 * chunks (one producer, one consumer, no locks) to a hasher on the store's threads. The caller waits
 * only when the hasher is a whole ring behind, so the memory held is bounded by the ring, whatever the
 * size of the blob. The hasher lingers a moment when the ring is empty and then leaves (the caller starts
 * it again with the next chunk), so a stream abandoned without being closed holds no thread. Chunks come
 * from a {@link ChunkPool} and go back to it at the end of the stream or when it is closed.
 *
 * <p>At the end of the source the caller waits for the hasher (or hashes what is left itself if the
 * hasher has left) and compares the digest: the read that would return the end of the stream throws
 * {@link IntegrityException} instead if the bytes do not match, as {@code VerifyingInputStream} does,
 * and so does every later read. A caller therefore sees the bytes before they are verified, but never
 * the end of a stream whose bytes were not verified. Closing the stream before its end aborts the
 * source and stops the hasher.
 *
 * <p>Not thread-safe: one reader, like any stream.
 */
final class ParallelVerifyingInputStream extends InputStream {
  /** How long the hasher waits for a chunk before it leaves; longer than the gap between chunks. */
  private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
  /** The longest a thread parks before it looks again (a safety net; it is woken when there is news). */
  private static final long PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private final InputStream source;
  private final Runnable abort;
  private final Digest expected;
  private final String subject;
  private final ChunkPool pool;
  private final Executor threads;
  private final int chunkSize;
  private final int slots;
  private final MessageDigest md = Digest.newSha256();
  private final Runnable hasherTask = this::hashWhileThereIsWork;

  // The ring: the caller writes slot i, then publishes it by advancing `published`; the hasher hashes
  // it and hands it back by advancing `hashed`. A slot's chunk is taken from the pool on first use.
  private final byte[][] ring;
  private final int[] lengths;
  private volatile long published;
  private volatile long hashed;
  /** Whether a thread is hashing (or about to): only that thread touches {@link #md} until it is cleared. */
  private final AtomicBoolean hashing = new AtomicBoolean();
  private volatile Thread callerWaiting;
  private volatile Thread hasherWaiting;
  /** No more chunks will come: the source ended, or the stream was closed. */
  private volatile boolean ended;
  private volatile boolean closed;
  private volatile Throwable hasherFailure;

  // The caller's own state.
  private final byte[] one = new byte[1];
  private int fill;
  private boolean atEnd;
  private boolean verified;
  private IntegrityException failure;
  private boolean chunksReturned;

  /**
   * Starts nothing yet: the hasher starts with the first full chunk.
   *
   * @param source the bytes to read and verify
   * @param abort stops the source without reading it to its end, for a close before the end
   * @param expected the digest the bytes must have
   * @param subject what is read, for messages
   * @param pool where chunks come from and go back to
   * @param slots how many chunks the hasher may be behind the caller (at least 2)
   * @param threads where the hasher runs
   */
  ParallelVerifyingInputStream(InputStream source, Runnable abort, Digest expected, String subject,
      ChunkPool pool, int slots, Executor threads) {
    if (slots < 2) {
      throw new IllegalArgumentException("slots must be at least 2");
    }
    this.source = Objects.requireNonNull(source, "source");
    this.abort = Objects.requireNonNull(abort, "abort");
    this.expected = Objects.requireNonNull(expected, "expected");
    this.subject = Objects.requireNonNull(subject, "subject");
    this.pool = Objects.requireNonNull(pool, "pool");
    this.threads = Objects.requireNonNull(threads, "threads");
    this.chunkSize = pool.chunkSize();
    this.slots = slots;
    this.ring = new byte[slots][];
    this.lengths = new int[slots];
  }

  @Override
  public int read() throws IOException {
    int n;
    do {
      n = read(one, 0, 1);
    } while (n == 0);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (closed) {
      throw new IOException("stream closed");
    }
    if (atEnd) {
      return endOfStream();
    }
    if (len == 0) {
      return 0;
    }
    int n = source.read(b, off, len);
    if (n < 0) {
      atEnd = true;
      verify();
      return endOfStream();
    }
    int from = off;
    int left = n;
    while (left > 0) {
      int slot = slot(published);
      if (fill == 0) {
        awaitFreeSlot();
        if (ring[slot] == null) {
          ring[slot] = pool.take();
        }
      }
      int c = Math.min(left, chunkSize - fill);
      System.arraycopy(b, from, ring[slot], fill, c);
      fill += c;
      from += c;
      left -= c;
      if (fill == chunkSize) {
        publish();
      }
    }
    return n;
  }

  private int endOfStream() {
    if (failure != null) {
      throw failure;
    }
    return -1;
  }

  private int slot(long index) {
    return (int) (index % slots);
  }

  /** Hands the chunk being filled to the hasher, starting the hasher if it is not running. */
  private void publish() {
    long p = published;
    lengths[slot(p)] = fill;
    fill = 0;
    published = p + 1;
    if (hashing.compareAndSet(false, true)) {
      startHasher();
    } else {
      LockSupport.unpark(hasherWaiting);
    }
  }

  private void startHasher() {
    try {
      threads.execute(hasherTask);
    } catch (RejectedExecutionException e) {
      // The store's threads are shut down (the store was closed): hash here instead.
      hashPending();
      hashing.set(false);
    }
  }

  /** Waits until the slot about to be filled is free, i.e. the hasher is less than a ring behind. */
  private void awaitFreeSlot() throws IOException {
    while (published - hashed >= slots) {
      checkHasher();
      if (!hashing.get() && hashing.compareAndSet(false, true)) {
        startHasher(); // it left just before the last chunk came; it never leaves with work pending
        continue;
      }
      parkCaller(() -> published - hashed < slots);
    }
  }

  private void parkCaller(java.util.function.BooleanSupplier done) throws IOException {
    callerWaiting = Thread.currentThread();
    try {
      if (!done.getAsBoolean() && hasherFailure == null) {
        LockSupport.parkNanos(this, PARK_NANOS);
      }
    } finally {
      callerWaiting = null;
    }
    checkHasher();
    if (Thread.interrupted()) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while reading " + subject);
    }
  }

  private void checkHasher() throws IOException {
    Throwable f = hasherFailure;
    if (f != null) {
      throw new IOException("hashing the bytes of " + subject + " failed: " + f, f);
    }
  }

  /** At the end of the source: hashes what is left (or waits for the hasher to) and checks the digest. */
  private void verify() throws IOException {
    if (fill > 0) {
      long p = published;
      lengths[slot(p)] = fill;
      fill = 0;
      published = p + 1;
    }
    ended = true;
    LockSupport.unpark(hasherWaiting);
    while (hashed != published) {
      checkHasher();
      if (!hashing.get() && hashing.compareAndSet(false, true)) {
        hashPending(); // the hasher has left: the caller hashes the rest
        hashing.set(false);
      } else {
        parkCaller(() -> hashed == published);
      }
    }
    // Every chunk is hashed and none will come: the hasher no longer touches md (its last write
    // happened before its last write of `hashed`, which this thread has read).
    Digest actual = Digest.ofSha256Bytes(md.digest());
    returnChunks();
    if (!actual.equals(expected)) {
      failure = new IntegrityException(subject, expected.toString(), actual.toString(),
          "Stored bytes of " + subject + " do not match their digest: the blob is corrupted or was tampered with. "
              + "Restore it from a trusted copy or register it again.");
      throw failure;
    }
    verified = true;
  }

  /** Hashes the published chunks not hashed yet, on this thread (which holds {@link #hashing}). */
  private void hashPending() {
    long h = hashed;
    while (h != published && !closed) {
      int s = slot(h);
      md.update(ring[s], 0, lengths[s]);
      h++;
      hashed = h;
    }
  }

  /**
   * The hasher: hashes chunks as they come, lingers a moment when there is none, and leaves when none
   * came, when the source ended and every chunk is hashed, or when the stream is closed.
   */
  private void hashWhileThereIsWork() {
    try {
      while (true) {
        long h = hashed;
        if (h != published && !closed) {
          int s = slot(h);
          byte[] chunk = ring[s];
          if (chunk == null) {
            continue; // the stream was closed and its chunks given back since the check: leave
          }
          md.update(chunk, 0, lengths[s]);
          hashed = h + 1;
          LockSupport.unpark(callerWaiting);
          continue;
        }
        if (!closed && !ended) {
          hasherWaiting = Thread.currentThread();
          if (hashed == published && !ended && !closed) {
            LockSupport.parkNanos(this, LINGER_NANOS);
          }
          hasherWaiting = null;
          if (hashed != published) {
            continue;
          }
        }
        hashing.set(false);
        // A chunk published after the check above, whose publisher saw `hashing` still set, is ours.
        if (hashed != published && !closed && hashing.compareAndSet(false, true)) {
          continue;
        }
        LockSupport.unpark(callerWaiting);
        return;
      }
    } catch (Throwable t) {
      hasherFailure = t;
      hashing.set(false);
      LockSupport.unpark(callerWaiting);
    }
  }

  private void returnChunks() {
    if (chunksReturned) {
      return;
    }
    chunksReturned = true;
    for (int i = 0; i < ring.length; i++) {
      if (ring[i] != null) {
        pool.give(ring[i]); // a hasher still reading one after an early close only reads it: harmless
        ring[i] = null;
      }
    }
  }

  /**
   * Tells whether the stream was read to its end and verified.
   *
   * @return whether verified
   */
  boolean verified() {
    return verified;
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (!atEnd) {
        ended = true;
        LockSupport.unpark(hasherWaiting);
        abort.run(); // the connection is not read to its end
      }
      source.close();
    } finally {
      returnChunks();
    }
  }
}
