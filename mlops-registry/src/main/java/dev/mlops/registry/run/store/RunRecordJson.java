package dev.mlops.registry.run.store;

import dev.mlops.core.InvalidInputException;
import dev.mlops.registry.run.RunRecord;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The JSON form of a {@link RunRecord} that the file run store writes in its logs, for other stores
 * that keep a run's record as one document (the PostgreSQL run store keeps it in a {@code JSONB}
 * column beside the tables its queries read). Every field round-trips exactly, instants to the
 * nanosecond.
 *
 * <p>This class is stateless and thread-safe.
 */
public final class RunRecordJson {
  private RunRecordJson() {}

  /**
   * Writes a record as JSON text.
   *
   * @param run the record
   * @return one JSON object, without a line break
   */
  public static String write(RunRecord run) {
    Objects.requireNonNull(run, "run");
    byte[] line = RunJson.line(RunJson.record(run));
    return new String(line, 0, line.length - 1, StandardCharsets.UTF_8);
  }

  /**
   * Reads a record written by {@link #write}.
   *
   * @param json the JSON text
   * @return the record
   * @throws InvalidInputException if the text is not such a record
   */
  public static RunRecord read(String json) {
    return RunJson.readRecord(RunJson.parse(Objects.requireNonNull(json, "json")));
  }
}
