package dev.mlops.registry.store.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads a source stream on a background daemon thread into a few chunks, so that what the caller does
 * with the bytes (hashing them, for a verified read) overlaps the network read. Closing it before the
 * end stops the thread and aborts the source. Not thread-safe: one reader, like any stream.
 */
final class ReadAheadInputStream extends InputStream {
  static final int CHUNK = 1 << 20;
  private static final int AHEAD = 4;
  private static final byte[] END = new byte[0];

  private final InputStream source;
  private final Runnable abort;
  private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(AHEAD);
  private final Thread reader;
  private volatile boolean closed;
  private volatile IOException failure;
  private byte[] current;
  private int pos;

  /**
   * Starts reading.
   *
   * @param source the stream to read ahead of the caller
   * @param abort stops the source without reading it to its end, for a close before the end
   */
  ReadAheadInputStream(InputStream source, Runnable abort) {
    this.source = source;
    this.abort = abort;
    this.reader = new Thread(this::readAll, "mlops-s3-read");
    reader.setDaemon(true);
    reader.start();
  }

  private void readAll() {
    try {
      while (!closed) {
        byte[] buf = new byte[CHUNK];
        int n = source.readNBytes(buf, 0, CHUNK);
        if (n > 0 && !offer(n == CHUNK ? buf : Arrays.copyOf(buf, n))) {
          return;
        }
        if (n < CHUNK) {
          break;
        }
      }
    } catch (IOException e) {
      failure = e;
    } catch (RuntimeException e) {
      failure = new IOException("reading the blob failed: " + e, e);
    }
    offer(END);
  }

  /** Queues a chunk, giving up once the stream is closed. */
  private boolean offer(byte[] chunk) {
    try {
      while (!chunks.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
        if (closed) {
          return false;
        }
      }
      return true;
    } catch (InterruptedException e) {
      return false;
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("stream closed");
    }
    if (len == 0) {
      return 0;
    }
    if (current == END) {
      return -1;
    }
    if (current == null || pos == current.length) {
      try {
        current = chunks.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while reading a blob");
      }
      pos = 0;
      if (current == END) {
        IOException f = failure;
        if (f != null) {
          throw f;
        }
        return -1;
      }
    }
    int n = Math.min(len, current.length - pos);
    System.arraycopy(current, pos, b, off, n);
    pos += n;
    return n;
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    boolean atEnd = current == END;
    reader.interrupt();
    if (!atEnd) {
      abort.run();
    }
    source.close();
  }
}
