package dev.mlops.examples.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.InvalidInputException;
import dev.mlops.monitoring.frame.CsvFormatException;
import dev.mlops.registry.ModelRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input fails the run with a typed error that names the column (and the line), and leaves no output
 * behind: no scored file, no report, no summary, no temporary file, no new version in the registry.
 */
class BatchJobBadInputTest {
  static final String MODEL = BatchJobConfig.DEFAULT_MODEL;

  @TempDir
  static Path shared;
  static Path registryDir;
  static List<String> incoming;

  @TempDir
  Path dir;

  @BeforeAll
  static void seed() throws IOException {
    registryDir = shared.resolve("registry");
    try (ModelRegistry registry = ModelRegistry.open(registryDir)) {
      DemoSeed.ifNoChampion(registry, MODEL, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }
    incoming = Files.readAllLines(DemoSeed.extract("incoming.csv", shared.resolve("in")));
  }

  private Path write(List<String> lines) throws IOException {
    Path file = dir.resolve("batch.csv");
    Files.write(file, lines);
    return file;
  }

  private BatchJobConfig config(Path input, String... more) {
    List<String> args = new ArrayList<>(List.of("--registry=" + registryDir, "--input=" + input,
        "--output=" + dir.resolve("out"), "--labelled=" + shared.resolve("in/incoming.csv")));
    args.addAll(List.of(more));
    return BatchJobConfig.parse(args.toArray(String[]::new));
  }

  private void assertNothingWritten() throws IOException {
    assertThat(BatchJobTest.filesUnder(dir.resolve("out"))).isEmpty();
    try (ModelRegistry registry = ModelRegistry.open(registryDir)) {
      assertThat(registry.versions(MODEL)).hasSize(1);
      assertThat(registry.aliases(MODEL)).containsOnlyKeys(BatchJob.CHAMPION);
    }
  }

  private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

  @Test
  void rowWithTooFewFields_failsNamingTheLine() throws IOException {
    List<String> lines = new ArrayList<>(incoming);
    String row = lines.get(100);
    lines.set(100, row.substring(0, row.lastIndexOf(',')));            // the last field lost
    Path input = write(lines);
    assertThatThrownBy(() -> BatchJob.run(config(input), QUIET))
        .isInstanceOfSatisfying(CsvFormatException.class, e -> {
          assertThat(e.line()).isEqualTo(101);
          assertThat(e.getMessage()).contains("fields");
        });
    assertNothingWritten();
  }

  @Test
  void textInAFeatureColumn_failsNamingTheColumnAndLine() throws IOException {
    List<String> lines = new ArrayList<>(incoming);
    lines.set(7, lines.get(7).replaceFirst(",([0-9.]+),", ",twelve,"));  // mean_radius of data row 6
    Path input = write(lines);
    assertThatThrownBy(() -> BatchJob.run(config(input), QUIET))
        .isInstanceOfSatisfying(CsvFormatException.class, e -> {
          assertThat(e.field()).isEqualTo("mean_radius");
          assertThat(e.line()).isEqualTo(8);
        });
    assertNothingWritten();
  }

  @Test
  void missingFeatureColumn_failsNamingIt() throws IOException {
    List<String> lines = new ArrayList<>();
    for (String line : incoming) {
      List<String> cells = new ArrayList<>(List.of(line.split(",", -1)));
      cells.remove(2);                                                  // mean_texture
      lines.add(String.join(",", cells));
    }
    Path input = write(lines);
    assertThatThrownBy(() -> BatchJob.run(config(input), QUIET))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> {
          assertThat(e).isNotInstanceOf(CsvFormatException.class);
          assertThat(e.field()).isEqualTo("mean_texture");
          assertThat(e.getMessage()).contains("has no column 'mean_texture'");
        });
    assertNothingWritten();
  }

  @Test
  void tooManyRejectedRows_failsAndWritesNothing() throws IOException {
    Path input = write(incoming);                                       // a quarter lack a reading
    assertThatThrownBy(() -> BatchJob.run(config(input, "--max-rejected-share=0.2"), QUIET))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> {
          assertThat(e.field()).isEqualTo("input");
          assertThat(e.getMessage()).contains("43 of 171 rows", "--max-rejected-share", "Nothing was written");
        });
    assertNothingWritten();
  }

  @Test
  void headerOnly_andMissingFile_failClearly() throws IOException {
    Path input = write(List.of(incoming.get(0)));
    assertThatThrownBy(() -> BatchJob.run(config(input), QUIET))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.getMessage()).contains("no rows"));
    assertThatThrownBy(() -> BatchJob.run(config(dir.resolve("nope.csv")), QUIET))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.getMessage()).contains("--input"));
    assertNothingWritten();
  }

  @Test
  void badInputThroughMain_exitsWithOneAndSaysWhy() throws IOException {
    List<String> lines = new ArrayList<>(incoming);
    lines.set(3, lines.get(3) + ",extra");
    Path input = write(lines);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = BatchJob.run(new String[] {"--registry=" + registryDir, "--input=" + input,
        "--output=" + dir.resolve("out")}, QUIET, new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("batch job FAILED: ").contains("line 4");
    assertNothingWritten();
  }
}
