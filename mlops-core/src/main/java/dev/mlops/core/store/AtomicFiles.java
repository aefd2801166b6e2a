package dev.mlops.core.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Crash-safe file writing for file-system stores: write to a temporary file in the store's own
 * temporary directory, fsync it, rename it atomically over the target, fsync the directory. A process
 * killed at any instant leaves the old file or the new one, never a mix.
 *
 * <p>Each temporary file is locked by its writer for as long as it is written, so
 * {@link #cleanTemporaryFiles(Path)} removes only the leftovers of writers that died, even while
 * other processes write to the same store.
 *
 * <p>This class is stateless apart from a JVM-wide set of the temporary files this JVM is writing;
 * it is thread-safe.
 */
public final class AtomicFiles {
  /** Suffix of temporary files. */
  public static final String TMP_SUFFIX = ".tmp";

  /** A leftover temporary file is removed only once it is at least this old. */
  static final Duration LEFTOVER_AGE = Duration.ofSeconds(10);

  /** Temporary files being written by this JVM: never touched by cleanup from this JVM. */
  private static final Set<Path> ACTIVE = ConcurrentHashMap.newKeySet();

  private AtomicFiles() {}

  /**
   * A temporary file being written, locked by this process until it is committed or discarded.
   * Not thread-safe: one writer.
   */
  public static final class TempFile implements AutoCloseable {
    private final Path path;
    private final FileChannel channel;
    private final FileLock lock;
    private boolean done;

    private TempFile(Path path, FileChannel channel, FileLock lock) {
      this.path = path;
      this.channel = channel;
      this.lock = lock;
    }

    /**
     * Returns the channel to write through.
     *
     * @return the open channel
     */
    public FileChannel channel() {
      return channel;
    }

    /**
     * Returns the temporary file's path.
     *
     * @return the path
     */
    public Path path() {
      return path;
    }

    /**
     * Forces the content to disk and renames the file atomically to the target, replacing it, then
     * forces the target's directory.
     *
     * @param target the final path, on the same file system
     * @throws IOException if any step fails; the temporary file is then removed
     */
    public void commit(Path target) throws IOException {
      try {
        channel.force(true);
        moveAtomically(path, target);
        done = true;
        fsyncDirectory(target.getParent());
      } finally {
        try {
          close();
        } catch (IOException e) {
          if (!done) {
            throw e;
          }
          // Committed: the bytes were forced and renamed into place; failing to release the lock or
          // close the channel now must not report the write as failed.
        }
      }
    }

    /**
     * Discards the file if it was not committed.
     *
     * @throws IOException if the file cannot be closed or removed
     */
    @Override
    public void close() throws IOException {
      try {
        if (lock.isValid()) {
          lock.release();
        }
        channel.close();
        if (!done) {
          Files.deleteIfExists(path);
          done = true;
        }
      } finally {
        ACTIVE.remove(path);
      }
    }
  }

  /**
   * Creates and locks a new temporary file.
   *
   * @param tmpDir the store's temporary directory
   * @param prefix a short prefix naming what is written
   * @return the temporary file
   * @throws IOException if the file cannot be created
   */
  public static TempFile createTemp(Path tmpDir, String prefix) throws IOException {
    Path path = tmpDir.resolve(prefix + '-' + UUID.randomUUID() + TMP_SUFFIX);
    ACTIVE.add(path);
    FileChannel ch = null;
    try {
      ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
          LinkOption.NOFOLLOW_LINKS);
      FileLock lock = ch.lock();
      return new TempFile(path, ch, lock);
    } catch (IOException | RuntimeException e) {
      ACTIVE.remove(path);
      if (ch != null) {
        ch.close();
      }
      Files.deleteIfExists(path);
      throw e;
    }
  }

  /**
   * Writes bytes to a target file atomically, replacing any existing file.
   *
   * @param tmpDir the store's temporary directory, on the same file system as the target
   * @param target the final path
   * @param content the bytes
   * @throws IOException if writing fails; the target is then unchanged
   */
  public static void write(Path tmpDir, Path target, byte[] content) throws IOException {
    TempFile tmp = createTemp(tmpDir, "write");
    try {
      ByteBuffer buf = ByteBuffer.wrap(content);
      while (buf.hasRemaining()) {
        tmp.channel().write(buf);
      }
      tmp.commit(target);
    } finally {
      tmp.close();
    }
  }

  /**
   * Renames a file atomically, replacing the target.
   *
   * @param source the file
   * @param target the new path
   * @throws IOException if the file system cannot rename atomically or the rename fails
   */
  public static void moveAtomically(Path source, Path target) throws IOException {
    try {
      Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("the file system cannot rename atomically; keep the store on a local POSIX file system", e);
    }
  }

  /**
   * Forces a directory's entries to disk, so a rename into it survives a power loss. File systems
   * that cannot open a directory (Windows) are skipped.
   *
   * @param dir the directory
   */
  public static void fsyncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Not supported on this platform: renames are still atomic, only their durability is weaker.
    }
  }

  /**
   * Removes temporary files left by writers that died: files in the directory that no process holds
   * a lock on and that are older than a few seconds.
   *
   * @param tmpDir the store's temporary directory
   * @return the number of files removed
   * @throws IOException if the directory cannot be listed
   */
  public static int cleanTemporaryFiles(Path tmpDir) throws IOException {
    int removed = 0;
    Instant cutoff = Instant.now().minus(LEFTOVER_AGE);
    try (DirectoryStream<Path> files = Files.newDirectoryStream(tmpDir, "*" + TMP_SUFFIX)) {
      for (Path f : files) {
        if (ACTIVE.contains(f) || !isOlderThan(f, cutoff)) {
          continue;
        }
        if (removeIfUnlocked(f)) {
          removed++;
        }
      }
    }
    return removed;
  }

  private static boolean isOlderThan(Path f, Instant cutoff) {
    try {
      FileTime t = Files.getLastModifiedTime(f, LinkOption.NOFOLLOW_LINKS);
      return t.toInstant().isBefore(cutoff);
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean removeIfUnlocked(Path f) {
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
      FileLock lock = ch.tryLock();
      if (lock == null) {
        return false;
      }
      try {
        Files.deleteIfExists(f);
        return true;
      } finally {
        lock.release();
      }
    } catch (IOException | OverlappingFileLockException e) {
      return false;
    }
  }
}
