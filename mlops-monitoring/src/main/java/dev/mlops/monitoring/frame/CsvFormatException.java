package dev.mlops.monitoring.frame;

import dev.mlops.core.InvalidInputException;

/**
 * Raised when a CSV file cannot be read as a frame: a value that is not a number in a numeric
 * column, a row with the wrong number of fields, a missing header. The field is the column name
 * (or {@code "csv"} for a whole-file problem), and the line number points at the row. The
 * offending value is never echoed. Immutable and thread-safe.
 */
public final class CsvFormatException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  /** The 1-based line of the file where the offending row starts. */
  private final long line;

  /**
   * Creates the exception.
   *
   * @param field the column name, or {@code "csv"}
   * @param line the 1-based line number
   * @param message what was wrong and what to do
   */
  public CsvFormatException(String field, long line, String message) {
    super(field, "line " + line + ": " + message);
    this.line = line;
  }

  /**
   * Returns the 1-based line number where the offending row starts.
   *
   * @return the line number
   */
  public long line() {
    return line;
  }
}
