package dev.mlops.examples.quickstart;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The quickstart's last lines: every HTML report its steps wrote during this run, by kind, with its
 * absolute path. A report from an earlier run in the same directory is listed only if this run rewrote
 * it: the files are compared with a snapshot taken before the first step (no clock involved).
 */
final class Reports {
  /** Report kinds by the directory (under the registry root) their steps write them to. */
  private static final Map<String, String> KINDS = new java.util.LinkedHashMap<>();

  static {
    KINDS.put("drift", "drift");
    KINDS.put("explain", "explanations");
    KINDS.put("experiment", "experiment");
    KINDS.put("model-tests", "model tests");
    KINDS.put("card", "model card");
  }

  private Reports() {}

  /**
   * One report.
   *
   * @param kind what it reports
   * @param file the HTML file
   */
  record Report(String kind, Path file) {}

  /**
   * The HTML report files under a registry root, with their modification times.
   *
   * @param files each report file with its kind and time
   */
  record Snapshot(Map<Path, Map.Entry<String, FileTime>> files) {}

  /** Takes a snapshot of the report files under a registry root (empty if it does not exist yet). */
  static Snapshot snapshot(Path root) throws IOException {
    Map<Path, Map.Entry<String, FileTime>> files = new java.util.LinkedHashMap<>();
    for (Map.Entry<String, String> kind : KINDS.entrySet()) {
      Path dir = root.resolve(kind.getKey());
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> list = Files.list(dir)) {
        for (Path f : list.filter(p -> p.getFileName().toString().endsWith(".html")).sorted().toList()) {
          files.put(f.toAbsolutePath(), Map.entry(kind.getValue(), Files.getLastModifiedTime(f)));
        }
      }
    }
    return new Snapshot(files);
  }

  /** The reports written (new or rewritten) since a snapshot, in kind order. */
  static List<Report> writtenSince(Path root, Snapshot before) throws IOException {
    List<Report> out = new ArrayList<>();
    snapshot(root).files().forEach((file, now) -> {
      Map.Entry<String, FileTime> then = before.files().get(file);
      if (then == null || !then.getValue().equals(now.getValue())) {
        out.add(new Report(now.getKey(), file));
      }
    });
    return out;
  }

  /** Prints the "Reports" block. */
  static List<Report> print(Path root, Snapshot before, PrintStream out) throws IOException {
    List<Report> reports = writtenSince(root, before);
    out.println();
    out.println("Reports (open in a browser):");
    for (Report r : reports) {
      out.printf("  %-13s %s%n", r.kind(), r.file());
    }
    return reports;
  }
}
