package dev.mlops.registry.store.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Reads a source stream on a background thread into a few recycled chunks, so that what the caller does
 * with the bytes (hashing them, for a verified read) overlaps the network read. The chunks circulate
 * between the two threads (filled by the reader, emptied by the caller, handed back), so a read
 * allocates at most {@value #CHUNKS} chunks, only as many as the caller falls behind by, and copies
 * each byte once more than a direct read. Closing it
 * before the end aborts the source, which stops the reader. Not thread-safe: one reader, like any stream.
 */
final class ReadAheadInputStream extends InputStream {
  static final int CHUNK = 512 << 10;
  static final int CHUNKS = 8;

  /** A chunk of bytes and how many of them are valid; a length of -1 marks the end. */
  private static final class Chunk {
    final byte[] bytes;
    int length;

    Chunk(int size) {
      bytes = new byte[size];
    }
  }

  private final InputStream source;
  private final Runnable abort;
  private final BlockingQueue<Chunk> filled = new ArrayBlockingQueue<>(CHUNKS + 1);
  private final BlockingQueue<Chunk> empty = new ArrayBlockingQueue<>(CHUNKS);
  private volatile boolean closed;
  private volatile IOException failure;
  private Chunk current;
  private int pos;
  private boolean atEnd;

  /**
   * Starts reading.
   *
   * @param source the stream to read ahead of the caller
   * @param abort stops the source without reading it to its end, for a close before the end
   * @param threads where the reader runs
   */
  ReadAheadInputStream(InputStream source, Runnable abort, Executor threads) {
    this.source = source;
    this.abort = abort;
    threads.execute(this::readAll);
  }

  private void readAll() {
    int allocated = 0;
    try {
      while (!closed) {
        Chunk c = empty.poll();
        if (c == null && allocated < CHUNKS) {
          c = new Chunk(CHUNK); // only as many chunks as the caller falls behind by
          allocated++;
        } else if (c == null) {
          c = empty.poll(100, TimeUnit.MILLISECONDS);
          if (c == null) {
            continue;
          }
        }
        int n = source.readNBytes(c.bytes, 0, CHUNK);
        if (n > 0) {
          c.length = n;
          filled.put(c);
        }
        if (n < CHUNK) {
          break;
        }
      }
    } catch (IOException e) {
      failure = e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failure = new InterruptedIOException("the read-ahead thread was interrupted");
    } catch (RuntimeException e) {
      failure = new IOException("reading the blob failed: " + e, e);
    }
    Chunk end = new Chunk(0);
    end.length = -1;
    filled.offer(end); // room is always left for the end mark
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
    if (atEnd) {
      return -1;
    }
    if (current == null) {
      try {
        current = filled.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while reading a blob");
      }
      pos = 0;
      if (current.length < 0) {
        atEnd = true;
        IOException f = failure;
        if (f != null) {
          throw f;
        }
        return -1;
      }
    }
    int n = Math.min(len, current.length - pos);
    System.arraycopy(current.bytes, pos, b, off, n);
    pos += n;
    if (pos == current.length) {
      empty.offer(current);
      current = null;
    }
    return n;
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    if (!atEnd) {
      abort.run(); // a reader blocked on the connection fails and stops; one waiting for a chunk sees closed
    }
    source.close();
  }
}
