package dev.mlops.registry.store.s3;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A range of a file as a stream, read with positional reads of its own channel (so parts of one file
 * can be read by several threads at once). Not thread-safe: one reader, like any stream.
 */
final class FileRangeInputStream extends InputStream {
  private final FileChannel channel;
  private long position;
  private final long end;

  private FileRangeInputStream(FileChannel channel, long offset, long length) {
    this.channel = channel;
    this.position = offset;
    this.end = offset + length;
  }

  /**
   * Opens a range of a file.
   *
   * @param file the file
   * @param offset where the range starts
   * @param length how long it is
   * @return the stream
   * @throws java.io.UncheckedIOException if the file cannot be opened
   */
  static InputStream open(Path file, long offset, long length) {
    try {
      return new FileRangeInputStream(FileChannel.open(file, StandardOpenOption.READ), offset, length);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("could not open " + file, e);
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    long left = end - position;
    if (left <= 0) {
      return -1;
    }
    int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, left)), position);
    if (n < 0) {
      throw new IOException("the staged file ended " + left + " bytes early");
    }
    position += n;
    return n;
  }

  @Override
  public int available() {
    return (int) Math.min(Integer.MAX_VALUE, end - position);
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
