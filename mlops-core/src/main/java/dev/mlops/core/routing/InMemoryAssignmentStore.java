package dev.mlops.core.routing;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An {@link AssignmentStore} in a concurrent map of this process: assignments survive weight changes
 * but not a restart. Grows by one entry per unit; for many millions of units, plug a store that
 * evicts or lives outside the heap.
 *
 * <p>Thread-safe.
 */
public final class InMemoryAssignmentStore implements AssignmentStore {
  private final ConcurrentHashMap<String, ConcurrentHashMap<String, String>> byExperiment = new ConcurrentHashMap<>();

  /** Creates an empty store. */
  public InMemoryAssignmentStore() {}

  private ConcurrentHashMap<String, String> experiment(String experiment) {
    return byExperiment.computeIfAbsent(Objects.requireNonNull(experiment, "experiment"),
        e -> new ConcurrentHashMap<>());
  }

  @Override
  public Optional<String> get(String experiment, String unitId) {
    return Optional.ofNullable(experiment(experiment).get(Objects.requireNonNull(unitId, "unitId")));
  }

  @Override
  public String putIfAbsent(String experiment, String unitId, String variant) {
    Objects.requireNonNull(variant, "variant");
    String prior = experiment(experiment).putIfAbsent(Objects.requireNonNull(unitId, "unitId"), variant);
    return prior != null ? prior : variant;
  }

  @Override
  public void put(String experiment, String unitId, String variant) {
    experiment(experiment).put(Objects.requireNonNull(unitId, "unitId"), Objects.requireNonNull(variant, "variant"));
  }

  /**
   * Counts the units stored for an experiment.
   *
   * @param experiment the experiment
   * @return the number of units
   */
  public int size(String experiment) {
    return experiment(experiment).size();
  }
}
