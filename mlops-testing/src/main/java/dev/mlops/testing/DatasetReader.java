package dev.mlops.testing;

import dev.mlops.monitoring.frame.CsvFormatException;
import dev.mlops.monitoring.frame.Frame;
import dev.mlops.monitoring.frame.Frames;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.extension.ParameterResolutionException;

/** Reads the CSV file a {@link Dataset} names into a frame, with its label column. Stateless. */
final class DatasetReader {
  private DatasetReader() {}

  /**
   * A data set read: the frame (label column included) and the name of its label column.
   *
   * @param location where it was read from
   * @param frame the frame
   * @param labelColumn the label column
   * @param regression whether the label is numeric
   */
  record Loaded(String location, Frame frame, String labelColumn, boolean regression) {}

  static Loaded read(Dataset annotation, String where, Class<?> testClass) {
    String location = annotation.value();
    String text = readText(location, where, testClass);
    List<String> header = header(text);
    if (header.isEmpty()) {
      throw new ParameterResolutionException(where + ": @Dataset(\"" + location + "\") has no header row; "
          + "the first line must name the columns.");
    }
    String label = annotation.label().isEmpty() ? header.get(header.size() - 1) : annotation.label();
    if (!header.contains(label)) {
      throw new ParameterResolutionException(where + ": @Dataset(\"" + location + "\") has no label column '" + label
          + "'; its columns are " + header + ". Set label = \"...\" to one of them.");
    }
    Set<String> categorical = new LinkedHashSet<>(List.of(annotation.categorical()));
    for (String c : categorical) {
      if (!header.contains(c)) {
        throw new ParameterResolutionException(where + ": @Dataset(\"" + location + "\") declares categorical column '"
            + c + "', which is not in its header " + header + ".");
      }
    }
    if (!annotation.regression()) {
      categorical.add(label);
    }
    try {
      Frame frame = Frames.csv().categorical(categorical.toArray(String[]::new)).read(new StringReader(text));
      return new Loaded(location, frame, label, annotation.regression());
    } catch (CsvFormatException e) {
      throw new ParameterResolutionException(where + ": @Dataset(\"" + location + "\") is not valid CSV: " + e.getMessage()
          + " Declare text columns with categorical = {...}"
          + (annotation.regression() ? "; a regression label must be numeric." : "."), e);
    }
  }

  private static String readText(String location, String where, Class<?> testClass) {
    try {
      if (location.startsWith("classpath:")) {
        String resource = location.substring("classpath:".length());
        String name = resource.startsWith("/") ? resource.substring(1) : resource;
        ClassLoader loader = testClass.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(name)) {
          if (in == null) {
            throw new ParameterResolutionException(where + ": @Dataset(\"" + location + "\"): no resource '" + name
                + "' on the test class path; put the file under src/test/resources/" + name + ".");
          }
          return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
      }
      Path path = location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ParameterResolutionException(where + ": @Dataset(\"" + location + "\"): no file "
          + Path.of(e.getFile()).toAbsolutePath() + "; fix the path (relative paths start at the working directory) "
          + "or use classpath:/...", e);
    } catch (IOException | IllegalArgumentException e) {
      throw new ParameterResolutionException(where + ": @Dataset(\"" + location + "\") cannot be read: " + e.getMessage(), e);
    }
  }

  /** The header's column names (RFC 4180 quoting honoured). */
  static List<String> header(String text) {
    List<String> names = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    int i = text.startsWith("\uFEFF") ? 1 : 0;
    boolean any = false;
    for (; i < text.length(); i++) {
      char ch = text.charAt(i);
      any = true;
      if (quoted) {
        if (ch == '"') {
          if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
            cell.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          cell.append(ch);
        }
      } else if (ch == '"') {
        quoted = true;
      } else if (ch == ',') {
        names.add(cell.toString().strip());
        cell.setLength(0);
      } else if (ch == '\n' || ch == '\r') {
        break;
      } else {
        cell.append(ch);
      }
    }
    if (any) {
      names.add(cell.toString().strip());
    }
    return names;
  }
}
