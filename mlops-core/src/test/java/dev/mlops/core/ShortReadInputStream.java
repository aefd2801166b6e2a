package dev.mlops.core;

import java.io.InputStream;
import java.util.Random;
import java.util.function.IntSupplier;

/**
 * Test fixture: a stream over bytes that returns fewer bytes per read than asked for (at least one),
 * as sockets and pipes do, and records whether it was closed. Not thread-safe.
 */
final class ShortReadInputStream extends InputStream {
  private final byte[] bytes;
  private final IntSupplier chunk;
  private int pos;
  boolean closed;

  private ShortReadInputStream(byte[] bytes, IntSupplier chunk) {
    this.bytes = bytes;
    this.chunk = chunk;
  }

  /** Reads of at most {@code max} bytes each. */
  static ShortReadInputStream atMost(byte[] bytes, int max) {
    return new ShortReadInputStream(bytes, () -> max);
  }

  /** Reads of a random size between 1 and {@code maxChunk} bytes each. */
  static ShortReadInputStream randomChunks(byte[] bytes, Random random, int maxChunk) {
    return new ShortReadInputStream(bytes, () -> 1 + random.nextInt(maxChunk));
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
    int n = Math.min(Math.min(len, chunk.getAsInt()), bytes.length - pos);
    System.arraycopy(bytes, pos, b, off, n);
    pos += n;
    return n;
  }

  @Override
  public void close() {
    closed = true;
  }
}
