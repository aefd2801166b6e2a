package dev.mlops.monitoring.monitor;

import com.fasterxml.jackson.core.JsonFactory;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The built-in prediction log: one JSON object per line (UTF-8), in rolling files
 * {@code <prefix>-<13-digit epoch millis>-<6-digit sequence>.jsonl} in one directory, so file names
 * sort in write order. Read it back with {@link PredictionLogReader}.
 *
 * <pre>{@code
 * PredictionSink log = JsonLinesFileSink.builder(Path.of("logs/fraud"))
 *     .maxFileBytes(64 << 20)              // roll to a new file at 64 MiB
 *     .maxAge(Duration.ofDays(30))         // delete files older than 30 days
 *     .maxTotalBytes(10L << 30)            // and the oldest beyond 10 GiB in all
 *     .build();
 * }</pre>
 *
 * <p><b>Crash safety.</b> Each open starts a new file (never appending to an old one), and lines
 * are appended whole from a buffer flushed at the end of each batch; a crash can only leave the
 * last line of the last file cut short, which the reader reports as a torn tail instead of failing.
 * With {@link Builder#fsyncOnFlush(boolean)} each batch is also forced to the disk (slower; without
 * it a power loss may lose the last batches the OS had not written).
 *
 * <p><b>Retention.</b> When a file rolls (and at open), files of this prefix older than {@code
 * maxAge} (by modification time) are deleted, then the oldest until the total is within {@code
 * maxTotalBytes}; the file being written is never deleted.
 *
 * <p>Not thread-safe: a monitor calls it from its one worker thread.
 */
public final class JsonLinesFileSink implements PredictionSink {
  /** The log files' suffix. */
  public static final String SUFFIX = ".jsonl";

  private final Path dir;
  private final String prefix;
  private final long maxFileBytes;
  private final Duration maxAge;
  private final long maxTotalBytes;
  private final boolean fsync;
  private final JsonFactory factory = new JsonFactory();
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(512);
  private FileChannel file;
  private OutputStream out;
  private Path current;
  private long size;
  private int sequence;
  private boolean closed;

  private JsonLinesFileSink(Builder b) throws IOException {
    this.dir = b.dir;
    this.prefix = b.prefix == null ? "predictions" : b.prefix;
    this.maxFileBytes = b.maxFileBytes == null ? 64L << 20 : b.maxFileBytes;
    this.maxAge = b.maxAge == null ? Duration.ofDays(7) : b.maxAge;
    this.maxTotalBytes = b.maxTotalBytes == null ? 1L << 30 : b.maxTotalBytes;
    this.fsync = b.fsync;
    Files.createDirectories(dir);
    open();
    applyRetention();
  }

  /**
   * Starts a builder.
   *
   * @param directory where the log files go (created if missing)
   * @return the builder
   * @throws NullPointerException if directory is null
   */
  public static Builder builder(Path directory) {
    return new Builder(directory);
  }

  private void open() throws IOException {
    long now = System.currentTimeMillis();
    while (true) {
      sequence++;
      current = dir.resolve(String.format("%s-%013d-%06d%s", prefix, now, sequence, SUFFIX));
      try {   // never reuse a name: another sink (a restart within the same millisecond) may have it
        file = FileChannel.open(current, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        break;
      } catch (FileAlreadyExistsException e) {
        // next sequence number
      }
    }
    out = new BufferedOutputStream(Channels.newOutputStream(file), 1 << 16);
    size = 0;
  }

  @Override
  public void write(PredictionEvent event) throws IOException {
    if (closed) {
      throw new IOException("the prediction log is closed");
    }
    line.reset();
    PredictionEventJson.write(factory, event, line);
    line.write('\n');
    if (size > 0 && size + line.size() > maxFileBytes) {
      roll();
    }
    line.writeTo(out);
    size += line.size();
  }

  private void roll() throws IOException {
    out.flush();
    file.force(false);
    out.close();
    open();
    applyRetention();
  }

  @Override
  public void flush() throws IOException {
    if (closed) {
      return;
    }
    out.flush();
    if (fsync) {
      file.force(false);
    }
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    out.flush();
    file.force(false);
    out.close();
  }

  /**
   * Returns the file being written.
   *
   * @return the current file
   */
  public Path currentFile() {
    return current;
  }

  /**
   * Lists this log's files in write order.
   *
   * @return the files
   * @throws UncheckedIOException if the directory cannot be listed
   */
  public List<Path> files() {
    return PredictionLogReader.files(dir, prefix);
  }

  private void applyRetention() throws IOException {
    List<Path> files = new ArrayList<>(PredictionLogReader.files(dir, prefix));
    files.remove(current);
    long cutoff = System.currentTimeMillis() - maxAge.toMillis();
    List<Path> kept = new ArrayList<>();
    for (Path f : files) {
      if (Files.getLastModifiedTime(f).toMillis() < cutoff) {
        Files.deleteIfExists(f);
      } else {
        kept.add(f);
      }
    }
    long total = size;
    for (Path f : kept) {
      total += Files.size(f);
    }
    for (Path f : kept) {
      if (total <= maxTotalBytes) {
        break;
      }
      total -= Files.size(f);
      Files.deleteIfExists(f);
    }
  }

  @Override
  public String toString() {
    return "JsonLinesFileSink[" + dir + "/" + prefix + "-*" + SUFFIX + "]";
  }

  /** Builds a {@link JsonLinesFileSink}; each setter may be called once. Not thread-safe. */
  public static final class Builder {
    private final Path dir;
    private String prefix;
    private Long maxFileBytes;
    private Duration maxAge;
    private Long maxTotalBytes;
    private boolean fsync;
    private boolean fsyncSet;

    private Builder(Path dir) {
      this.dir = Objects.requireNonNull(dir, "directory");
    }

    private static void requireUnset(Object v, String name) {
      if (v != null) {
        throw new IllegalStateException(name + " was already set to " + v);
      }
    }

    /**
     * Sets the file name prefix (default {@code predictions}).
     *
     * @param p letters, digits, '.', '_' or '-'
     * @return this builder
     * @throws NullPointerException if p is null
     * @throws IllegalArgumentException if p is empty or holds other characters
     * @throws IllegalStateException if already set
     */
    public Builder prefix(String p) {
      requireUnset(prefix, "prefix");
      if (!Objects.requireNonNull(p, "p").matches("[A-Za-z0-9._-]+")) {
        throw new IllegalArgumentException("a prefix holds letters, digits, '.', '_' or '-', got '" + p + "'");
      }
      prefix = p;
      return this;
    }

    /**
     * Sets the size at which a file rolls (default 64 MiB).
     *
     * @param bytes at least 1
     * @return this builder
     * @throws IllegalArgumentException if below 1
     * @throws IllegalStateException if already set
     */
    public Builder maxFileBytes(long bytes) {
      requireUnset(maxFileBytes, "maxFileBytes");
      if (bytes < 1) {
        throw new IllegalArgumentException("maxFileBytes must be at least 1, got " + bytes);
      }
      maxFileBytes = bytes;
      return this;
    }

    /**
     * Sets the age beyond which files are deleted (default 7 days).
     *
     * @param age positive
     * @return this builder
     * @throws NullPointerException if age is null
     * @throws IllegalArgumentException if not positive
     * @throws IllegalStateException if already set
     */
    public Builder maxAge(Duration age) {
      requireUnset(maxAge, "maxAge");
      if (Objects.requireNonNull(age, "age").isNegative() || age.isZero()) {
        throw new IllegalArgumentException("maxAge must be positive, got " + age);
      }
      maxAge = age;
      return this;
    }

    /**
     * Sets the total size beyond which the oldest files are deleted (default 1 GiB).
     *
     * @param bytes at least 1
     * @return this builder
     * @throws IllegalArgumentException if below 1
     * @throws IllegalStateException if already set
     */
    public Builder maxTotalBytes(long bytes) {
      requireUnset(maxTotalBytes, "maxTotalBytes");
      if (bytes < 1) {
        throw new IllegalArgumentException("maxTotalBytes must be at least 1, got " + bytes);
      }
      maxTotalBytes = bytes;
      return this;
    }

    /**
     * Forces each batch to the disk (default false: batches reach the OS, files are forced when
     * they roll and on close).
     *
     * @param f whether to fsync every flush
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder fsyncOnFlush(boolean f) {
      if (fsyncSet) {
        throw new IllegalStateException("fsyncOnFlush was already set");
      }
      fsyncSet = true;
      fsync = f;
      return this;
    }

    /**
     * Opens a new log file and applies the retention to the old ones.
     *
     * @return the sink
     * @throws UncheckedIOException if the directory or file cannot be created
     */
    public JsonLinesFileSink build() {
      try {
        return new JsonLinesFileSink(this);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot open the prediction log in " + dir, e);
      }
    }
  }
}
