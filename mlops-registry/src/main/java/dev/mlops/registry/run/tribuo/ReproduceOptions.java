package dev.mlops.registry.run.tribuo;

import dev.mlops.core.Names;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Options of {@link TribuoRuns#reproduce}: by default nothing is changed, and the training data is
 * resolved from the registry by its recorded digest. The options exist to ask "what if": train on
 * another data file, or with a changed trainer property; the report then names those differences.
 *
 * <p>Immutable and thread-safe.
 */
public final class ReproduceOptions {
  private static final ReproduceOptions DEFAULTS = new ReproduceOptions(null, Map.of());

  private final Path data;
  private final Map<String, String> trainerProperties;

  private ReproduceOptions(Path data, Map<String, String> trainerProperties) {
    this.data = data;
    this.trainerProperties = Map.copyOf(trainerProperties);
  }

  /**
   * No change: the recorded configuration and data.
   *
   * @return the default options
   */
  public static ReproduceOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Trains on this file instead of the recorded data (same format); the report shows the data digest
   * mismatch.
   *
   * @param file the data file
   * @return new options
   */
  public ReproduceOptions withData(Path file) {
    return new ReproduceOptions(Objects.requireNonNull(file, "file"), trainerProperties);
  }

  /**
   * Overrides a property of the trainer's configuration (e.g. {@code seed}, {@code epochs}).
   *
   * @param name the property name, as in the trainer's {@code @Config} fields
   * @param value the value, as OLCUT configuration text
   * @return new options
   */
  public ReproduceOptions withTrainerProperty(String name, String value) {
    Map<String, String> m = new TreeMap<>(trainerProperties);
    m.put(Names.requireTagKey(name), Names.requireTagValue(value));
    return new ReproduceOptions(data, m);
  }

  /**
   * Returns the data file to use instead of the recorded data.
   *
   * @return the file, or empty
   */
  public Optional<Path> data() {
    return Optional.ofNullable(data);
  }

  /**
   * Returns the trainer property overrides.
   *
   * @return name to value
   */
  public Map<String, String> trainerProperties() {
    return trainerProperties;
  }
}
