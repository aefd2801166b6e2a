package dev.mlops.examples.batch;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.model.Schema;
import dev.mlops.monitoring.frame.Column;
import dev.mlops.monitoring.frame.CsvFormatException;
import dev.mlops.monitoring.frame.Frame;
import dev.mlops.monitoring.frame.Frames;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A batch of incoming rows read from CSV and checked against the model's schema before anything is
 * scored or written: the whole file is parsed first, so a malformed row anywhere fails the run with no
 * output at all.
 *
 * <p>Every feature of the schema must be a column, read as a number; an empty field (or {@code NA},
 * {@code NaN}, {@code null}) is a missing value, and a row with one is rejected when scored, not fatal.
 * Every other column (an id, a timestamp) is kept as text and passed through to the scored file.
 *
 * <p>Immutable and thread-safe.
 *
 * @param file the file read
 * @param frame every column of the file
 * @param features the schema's features, in schema order
 * @param passThrough the other columns, in file order
 */
public record BatchInput(Path file, Frame frame, List<String> features, List<String> passThrough) {

  /**
   * Copies the lists.
   *
   * @param file the file
   * @param frame the frame
   * @param features the features
   * @param passThrough the other columns
   */
  public BatchInput {
    features = List.copyOf(features);
    passThrough = List.copyOf(passThrough);
  }

  /**
   * Reads and checks a batch.
   *
   * @param file the CSV file (UTF-8, a header row)
   * @param schema the model's input schema
   * @param extraNumeric columns besides the features to read as numbers, if present (none for a batch)
   * @return the batch
   * @throws CsvFormatException if the header or a row is malformed (wrong field count, a feature value that
   *     is not a number): the field names the column (or {@code csv}) and the message the line
   * @throws InvalidInputException if the file does not exist, lacks a feature column (the field names it) or
   *     holds no rows
   * @throws UncheckedIOException if the file cannot be read
   */
  public static BatchInput read(Path file, Schema schema, String... extraNumeric) {
    List<String> header = header(file);
    List<String> features = schema.names();
    for (String f : features) {
      if (!header.contains(f)) {
        throw new InvalidInputException(f, file + " has no column '" + f + "', which the model needs; add it (an "
            + "empty field is a missing value) or score with the model version this file was made for.");
      }
    }
    Set<String> numeric = new LinkedHashSet<>(features);
    numeric.addAll(List.of(extraNumeric));
    List<String> text = new ArrayList<>();
    for (String h : header) {
      if (!numeric.contains(h)) {
        text.add(h);
      }
    }
    Frame frame = Frames.csv().categorical(text.toArray(String[]::new)).read(file);
    if (frame.rowCount() == 0) {
      throw new InvalidInputException("input", file + " holds a header but no rows; nothing to score.");
    }
    return new BatchInput(file, frame, features, text);
  }

  /**
   * Returns the rows.
   *
   * @return the row count
   */
  public int rows() {
    return frame.rowCount();
  }

  /**
   * Returns the features only, in schema order (what the drift check compares).
   *
   * @return a frame of the feature columns
   */
  public Frame featureFrame() {
    List<Column> columns = new ArrayList<>(features.size());
    for (String f : features) {
      columns.add(frame.column(f).orElseThrow());
    }
    return Frame.of(columns);
  }

  private static List<String> header(Path file) {
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line = r.readLine();
      if (line == null || line.isBlank()) {
        throw new CsvFormatException("csv", 1, file + " is empty; the first row must name the columns.");
      }
      List<String> names = new ArrayList<>();
      for (String cell : line.replace("\uFEFF", "").split(",", -1)) {
        String name = cell.strip();
        if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
          name = name.substring(1, name.length() - 1);
        }
        names.add(name);
      }
      return names;
    } catch (NoSuchFileException e) {
      throw new InvalidInputException("input", "There is no file " + file + "; check --input.");
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read " + file, e);
    }
  }
}
