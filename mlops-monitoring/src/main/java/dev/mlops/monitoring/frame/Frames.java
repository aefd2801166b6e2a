package dev.mlops.monitoring.frame;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import dev.mlops.core.InvalidInputException;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.Output;

/**
 * Adapters that build a {@link Frame} from a Tribuo {@link Dataset}, a CSV file, or rows as maps.
 *
 * <pre>{@code
 * Frame fromCsv = Frames.csv().categorical("plan").read(Path.of("current.csv"));
 * Frame fromRows = Frames.fromRows(List.of(Map.of("age", 31.0, "plan", "pro")));
 * Frame fromTribuo = Frames.fromTribuo(trainingData, "label");
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class Frames {
  private Frames() {}

  /**
   * Builds a frame from rows given as maps from column name to value. A {@link Number} (or a
   * {@link Boolean}, as 0/1) makes a numeric column and a {@link CharSequence} a categorical one,
   * decided by the first non-null value of each column; a column absent from a row, or null, is
   * missing there. Columns are ordered by first appearance.
   *
   * @param rows the rows
   * @return the frame
   * @throws NullPointerException if rows or a row is null
   * @throws InvalidInputException if a column mixes numbers and text, or a value is of another type
   */
  public static Frame fromRows(List<? extends Map<String, ?>> rows) {
    Objects.requireNonNull(rows, "rows");
    Map<String, ColumnType> types = new LinkedHashMap<>();
    for (Map<String, ?> row : rows) {
      Objects.requireNonNull(row, "row");
      for (Map.Entry<String, ?> e : row.entrySet()) {
        Object v = e.getValue();
        ColumnType t = v == null ? null : typeOf(e.getKey(), v);
        ColumnType seen = types.get(e.getKey());
        if (seen == null) {
          if (t != null || !types.containsKey(e.getKey())) {
            types.put(e.getKey(), t);
          }
        } else if (t != null && t != seen) {
          throw new InvalidInputException(e.getKey(),
              "column mixes numbers and text; give every row the same type for a column");
        }
      }
    }
    List<ColumnAccumulator> accs = new ArrayList<>();
    for (Map.Entry<String, ColumnType> e : types.entrySet()) {
      // A column whose values are all null is numeric and entirely missing.
      accs.add(e.getValue() == ColumnType.CATEGORICAL
          ? new ColumnAccumulator.Categorical(e.getKey())
          : new ColumnAccumulator.Numeric(e.getKey()));
    }
    for (Map<String, ?> row : rows) {
      for (ColumnAccumulator acc : accs) {
        Object v = row.get(acc.name);
        if (v == null) {
          acc.addMissing();
        } else if (acc instanceof ColumnAccumulator.Numeric n) {
          n.add(v instanceof Boolean b ? (b ? 1.0 : 0.0) : ((Number) v).doubleValue());
        } else {
          ((ColumnAccumulator.Categorical) acc).add(v.toString());
        }
      }
    }
    return build(accs);
  }

  private static ColumnType typeOf(String column, Object v) {
    if (v instanceof Number || v instanceof Boolean) {
      return ColumnType.NUMERIC;
    }
    if (v instanceof CharSequence) {
      return ColumnType.CATEGORICAL;
    }
    throw new InvalidInputException(column, "a value of type " + v.getClass().getName()
        + " is neither a number nor text; convert it before building a frame");
  }

  /**
   * Builds a frame from a Tribuo data set: one numeric column per feature of the data set's
   * feature map, in name order. Tribuo stores examples sparsely and reads an absent feature as
   * 0.0, so an absent feature is 0.0 here too, never missing.
   *
   * @param dataset the data set
   * @return the frame
   * @throws NullPointerException if dataset is null
   */
  public static Frame fromTribuo(Dataset<?> dataset) {
    return fromTribuo(dataset, null);
  }

  /**
   * Builds a frame from a Tribuo data set as {@link #fromTribuo(Dataset)} does, plus the outputs
   * as a categorical column (each output's {@code getSerializableForm(false)}).
   *
   * @param <T> the output type
   * @param dataset the data set
   * @param outputColumn the name of the output column, or null for none
   * @return the frame
   * @throws NullPointerException if dataset is null
   * @throws IllegalArgumentException if outputColumn is the name of a feature
   */
  public static <T extends Output<T>> Frame fromTribuo(Dataset<T> dataset, String outputColumn) {
    Objects.requireNonNull(dataset, "dataset");
    TreeMap<String, Integer> index = new TreeMap<>();
    for (var info : dataset.getFeatureMap()) {
      index.put(info.getName(), index.size());
    }
    if (outputColumn != null && index.containsKey(outputColumn)) {
      throw new IllegalArgumentException("output column '" + outputColumn + "' is also a feature name");
    }
    int n = dataset.size();
    double[][] values = new double[index.size()][n];
    String[] outputs = outputColumn == null ? null : new String[n];
    int row = 0;
    for (Example<T> ex : dataset) {
      for (Feature f : ex) {
        Integer col = index.get(f.getName());
        if (col != null) {
          values[col][row] = f.getValue();
        }
      }
      if (outputs != null) {
        outputs[row] = ex.getOutput().getSerializableForm(false);
      }
      row++;
    }
    List<Column> cols = new ArrayList<>();
    // index maps each name to the slot its values were stored in (feature-map order); emit in name order.
    for (Map.Entry<String, Integer> e : index.entrySet()) {
      cols.add(new NumericColumn(new ColumnSpec(e.getKey(), ColumnType.NUMERIC), values[e.getValue()], true));
    }
    if (outputs != null) {
      cols.add(new CategoricalColumn(outputColumn, outputs));
    }
    return Frame.of(cols);
  }

  /**
   * Starts a CSV reader: the first row is the header; every column is numeric unless declared
   * categorical; empty fields and {@code NA}, {@code N/A}, {@code NaN}, {@code null} are missing.
   *
   * @return a new reader configuration
   */
  public static CsvReader csv() {
    return new CsvReader();
  }

  private static Frame build(List<ColumnAccumulator> accs) {
    List<Column> cols = new ArrayList<>(accs.size());
    for (ColumnAccumulator a : accs) {
      cols.add(a.build());
    }
    return Frame.of(cols);
  }

  /**
   * Reads CSV (RFC 4180: quoted fields may hold commas, quotes and line breaks) into a frame,
   * streaming row by row through Jackson's CSV parser. Configure, then call {@code read}. A
   * configured reader is immutable in use but its configuration methods are not thread-safe;
   * configure on one thread, then read from any.
   */
  public static final class CsvReader {
    private final Set<String> categorical = new HashSet<>();
    private final Set<String> missingTokens = new HashSet<>(Set.of("", "NA", "N/A", "NaN", "null"));
    private char separator = ',';

    private CsvReader() {}

    /**
     * Declares columns categorical (all others are numeric).
     *
     * @param columns the column names
     * @return this reader
     * @throws NullPointerException if a name is null
     */
    public CsvReader categorical(String... columns) {
      for (String c : columns) {
        categorical.add(Objects.requireNonNull(c, "column"));
      }
      return this;
    }

    /**
     * Replaces the tokens read as missing (after trimming blanks).
     *
     * @param tokens the tokens; the empty string should usually be among them
     * @return this reader
     * @throws NullPointerException if a token is null
     */
    public CsvReader missingTokens(String... tokens) {
      missingTokens.clear();
      for (String t : tokens) {
        missingTokens.add(Objects.requireNonNull(t, "token"));
      }
      return this;
    }

    /**
     * Sets the field separator (default comma).
     *
     * @param c the separator
     * @return this reader
     */
    public CsvReader separator(char c) {
      this.separator = c;
      return this;
    }

    /**
     * Reads a UTF-8 file.
     *
     * @param file the file
     * @return the frame
     * @throws CsvFormatException if a row is malformed or a numeric field is not a number
     * @throws UncheckedIOException if the file cannot be read
     */
    public Frame read(Path file) {
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        return read(r);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
    }

    /**
     * Reads CSV text from a reader, row by row; the reader is not closed.
     *
     * @param reader the text
     * @return the frame
     * @throws CsvFormatException if the header is missing, a row has another number of fields
     *     than the header, or a numeric field is not a number
     * @throws UncheckedIOException if reading fails
     */
    public Frame read(Reader reader) {
      Objects.requireNonNull(reader, "reader");
      CsvMapper mapper = new CsvMapper();
      mapper.enable(CsvParser.Feature.WRAP_AS_ARRAY);
      var schema = mapper.schemaFor(String[].class).withColumnSeparator(separator);
      try (MappingIterator<String[]> it = mapper.readerFor(String[].class).with(schema).readValues(reader)) {
        if (!it.hasNextValue()) {
          throw new CsvFormatException("csv", 1, "no header row; the first row must name the columns");
        }
        String[] header = it.nextValue();
        List<ColumnAccumulator> accs = new ArrayList<>(header.length);
        Set<String> names = new HashSet<>();
        for (String h : header) {
          String name = h.trim();
          if (name.isEmpty() || !names.add(name)) {
            throw new CsvFormatException("csv", 1, "header names must be non-empty and distinct");
          }
          accs.add(categorical.contains(name) ? new ColumnAccumulator.Categorical(name)
              : new ColumnAccumulator.Numeric(name));
        }
        for (String c : categorical) {
          if (!names.contains(c)) {
            throw new InvalidInputException(c, "declared categorical but not in the CSV header");
          }
        }
        while (true) {
          JsonLocation start = it.getParser().currentLocation();
          if (!it.hasNextValue()) {
            break;
          }
          String[] row = it.nextValue();
          long line = start.getLineNr();
          if (row.length == 1 && row[0].isEmpty() && header.length > 1) {
            continue; // a blank line
          }
          if (row.length != header.length) {
            throw new CsvFormatException("csv", line, "the row has " + row.length + " fields, the header "
                + header.length + "; quote fields that contain the separator");
          }
          for (int i = 0; i < row.length; i++) {
            ColumnAccumulator acc = accs.get(i);
            String raw = row[i];
            if (missingTokens.contains(raw.trim())) {
              acc.addMissing();
            } else if (acc instanceof ColumnAccumulator.Numeric n) {
              n.add(parseNumber(acc.name, line, raw));
            } else {
              ((ColumnAccumulator.Categorical) acc).add(raw);
            }
          }
        }
        return build(accs);
      } catch (IOException e) {
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException p && p.getLocation() != null) {
          throw new CsvFormatException("csv", p.getLocation().getLineNr(),
              "malformed CSV (" + p.getOriginalMessage() + ")");
        }
        throw new UncheckedIOException("cannot read CSV", e);
      }
    }

    private static double parseNumber(String column, long line, String raw) {
      try {
        double v = Double.parseDouble(raw.trim());
        if (Double.isNaN(v)) {
          return Double.NaN;
        }
        return v;
      } catch (NumberFormatException e) {
        throw new CsvFormatException(column, line, "not a number in numeric column '" + column
            + "'; declare the column categorical with categorical(\"" + column
            + "\") or add the token to missingTokens");
      }
    }
  }
}
