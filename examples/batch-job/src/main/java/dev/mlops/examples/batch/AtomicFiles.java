package dev.mlops.examples.batch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes output files so that a reader sees either the old file or the complete new one, never half of
 * one: the bytes go to a temporary file in the same directory, are forced to disk, and the temporary file
 * is moved over the target with an atomic rename (the file system must support one in that directory,
 * as local POSIX file systems do). A failure removes the temporary file.
 *
 * <p>Stateless and thread-safe (two writers of one target: the last rename wins).
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /**
   * What writes a file's content. Implementations need not be thread-safe: each is called once.
   */
  @FunctionalInterface
  public interface Content {
    /**
     * Writes the content.
     *
     * @param out the writer (UTF-8), closed by the caller
     * @throws IOException if writing fails
     */
    void writeTo(Writer out) throws IOException;
  }

  /**
   * Writes a UTF-8 text file atomically.
   *
   * @param target the file to create or replace; its directory is created if needed
   * @param content what to write
   * @return the target
   * @throws UncheckedIOException if writing or the rename fails (the target is left as it was)
   */
  public static Path write(Path target, Content content) {
    Path dir = target.toAbsolutePath().getParent();
    try {
      Files.createDirectories(dir);
      // the library's temporary file: locked while written, forced, renamed atomically, removed on failure
      try (dev.mlops.core.store.AtomicFiles.TempFile tmp =
          dev.mlops.core.store.AtomicFiles.createTemp(dir, "." + target.getFileName())) {
        Writer out = Channels.newWriter(tmp.channel(), StandardCharsets.UTF_8);
        content.writeTo(out);
        out.flush();
        tmp.commit(target);
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write " + target + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes a string atomically.
   *
   * @param target the file
   * @param text the text
   * @return the target
   * @throws UncheckedIOException if writing fails
   */
  public static Path writeString(Path target, String text) {
    return write(target, out -> out.write(text));
  }
}
