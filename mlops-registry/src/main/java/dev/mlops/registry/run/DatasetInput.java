package dev.mlops.registry.run;

import dev.mlops.core.Digest;
import dev.mlops.core.Names;
import java.util.List;
import java.util.Objects;

/**
 * A data set a run read: its digest (the manifest digest of a registered data set version, or the
 * SHA-256 of a data file), where it came from, its column names, its row count and its role.
 *
 * <p>Immutable and thread-safe.
 *
 * @param digest the content identity of the data
 * @param source where it came from, e.g. {@code registry:iris/1} or a file path
 * @param schema the column (or feature) names, in order; empty if unknown
 * @param rowCount the number of rows (examples), or -1 if unknown
 * @param role what the run used it for
 */
public record DatasetInput(Digest digest, String source, List<String> schema, long rowCount, DatasetRole role) {
  /**
   * Validates and copies the fields.
   *
   * @throws dev.mlops.core.InvalidInputException if the source or a column name is not printable text
   * @throws IllegalArgumentException if the row count is below -1
   *
   * @param digest the content identity of the data
   * @param source where it came from, e.g. {@code registry:iris/1} or a file path
   * @param schema the column (or feature) names, in order; empty if unknown
   * @param rowCount the number of rows (examples), or -1 if unknown
   * @param role what the run used it for
   */
  public DatasetInput {
    Objects.requireNonNull(digest, "digest");
    Names.requireTagValue(source);
    schema = List.copyOf(schema);
    schema.forEach(Names::requireTagValue);
    Objects.requireNonNull(role, "role");
    if (rowCount < -1) {
      throw new IllegalArgumentException("rowCount must be -1 (unknown) or a count, not " + rowCount);
    }
  }
}
