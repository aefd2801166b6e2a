package dev.mlops.registry.run;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a {@link TrainingEntryPoint} is invoked with: parameters, seeds and data set inputs, recorded
 * in the run so that {@link Tracking#reproduce(String)} invokes the entry point again with exactly
 * the same values.
 *
 * <p>Immutable and thread-safe.
 *
 * @param params the configuration, key to value
 * @param seeds the random seeds, by name
 * @param datasets the data set inputs (their digests identify the data in the registry)
 */
public record TrainingConfig(Map<String, String> params, Map<String, Long> seeds, List<DatasetInput> datasets) {
  /**
   * Copies the fields, sorting the maps.
   *
   * @param params the configuration, key to value
   * @param seeds the random seeds, by name
   * @param datasets the data set inputs (their digests identify the data in the registry)
   */
  public TrainingConfig {
    params = java.util.Collections.unmodifiableMap(new TreeMap<>(params));
    seeds = java.util.Collections.unmodifiableMap(new TreeMap<>(seeds));
    datasets = List.copyOf(datasets);
  }

  /**
   * Reads a required parameter.
   *
   * @param key the key
   * @return the value
   * @throws dev.mlops.core.InvalidInputException if it is missing
   */
  public String param(String key) {
    String v = params.get(key);
    if (v == null) {
      throw new dev.mlops.core.InvalidInputException("params", "The training configuration has no parameter '" + key
          + "'; it has " + params.keySet() + ".");
    }
    return v;
  }

  /**
   * Reads a required seed.
   *
   * @param name the seed's name
   * @return the seed
   * @throws dev.mlops.core.InvalidInputException if it is missing
   */
  public long seed(String name) {
    Long v = seeds.get(name);
    if (v == null) {
      throw new dev.mlops.core.InvalidInputException("seeds", "The training configuration has no seed '" + name
          + "'; it has " + seeds.keySet() + ".");
    }
    return v;
  }
}
