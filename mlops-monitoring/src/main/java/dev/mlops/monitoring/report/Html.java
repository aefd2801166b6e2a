package dev.mlops.monitoring.report;

import dev.mlops.core.explain.ExplanationHtml;
import dev.mlops.core.store.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What the HTML reports of this package share: escaping, and the crash-safe write of a page.
 * Stateless and thread-safe.
 */
final class Html {
  private Html() {}

  /**
   * Escapes text for HTML element content and attribute values.
   *
   * @param s the text
   * @return the text with {@code & < > " '} replaced by character references
   * @throws NullPointerException if s is null
   */
  static String esc(String s) {
    return ExplanationHtml.escape(s); // the SDK's one escaper (mlops-core), same five characters
  }

  /**
   * Writes a page as UTF-8 through {@link AtomicFiles#write}: a temporary file in the target's
   * directory, fsynced and renamed over the target, so a reader (or a crash) sees the old page or the
   * new one, never a part. Missing parent directories are created.
   *
   * @param html the page
   * @param file the target
   * @return the target
   * @throws UncheckedIOException if the page cannot be written; the target is then unchanged
   */
  static Path write(String html, Path file) {
    Objects.requireNonNull(file, "file");
    Path target = file.toAbsolutePath();
    try {
      Path dir = Files.createDirectories(target.getParent());
      AtomicFiles.write(dir, target, html.getBytes(StandardCharsets.UTF_8));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report to " + file, e);
    }
  }
}
