package dev.mlops.registry.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The summary of the exception that ended a run: its class, message and first stack frames (and
 * those of its causes), enough to tell what failed without keeping the exception.
 *
 * <p>Immutable and thread-safe.
 *
 * @param type the exception's class name
 * @param message its message, or empty
 * @param stack the first frames, then {@code Caused by:} lines, at most {@value #MAX_LINES} lines
 */
public record RunFailure(String type, String message, List<String> stack) {
  /** Most lines of stack kept. */
  public static final int MAX_LINES = 40;

  /**
   * Copies the fields.
   *
   * @param type the exception's class name
   * @param message its message, or empty
   * @param stack the first frames, then {@code Caused by:} lines, at most {@value #MAX_LINES} lines
   */
  public RunFailure {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(message, "message");
    stack = List.copyOf(stack);
  }

  /**
   * Summarises an exception.
   *
   * @param error the exception
   * @return its summary
   */
  public static RunFailure of(Throwable error) {
    List<String> lines = new ArrayList<>();
    Throwable t = error;
    int depth = 0;
    while (t != null && lines.size() < MAX_LINES && depth++ < 10) {
      if (t != error) {
        lines.add("Caused by: " + t.getClass().getName() + ": " + clean(t.getMessage()));
      }
      for (StackTraceElement e : t.getStackTrace()) {
        if (lines.size() >= MAX_LINES) {
          break;
        }
        lines.add("at " + e);
        if (lines.size() % 12 == 0) {
          break; // a few frames per exception are enough to place it
        }
      }
      t = t.getCause() == t ? null : t.getCause();
    }
    return new RunFailure(error.getClass().getName(), clean(error.getMessage()), lines);
  }

  private static String clean(String s) {
    if (s == null) {
      return "";
    }
    String flat = s.replaceAll("\\p{Cntrl}", " ");
    return flat.length() > 2000 ? flat.substring(0, 2000) + "..." : flat;
  }

  @Override
  public String toString() {
    return type + (message.isEmpty() ? "" : ": " + message);
  }
}
