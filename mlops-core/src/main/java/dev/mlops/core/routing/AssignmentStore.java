package dev.mlops.core.routing;

import java.util.Optional;

/**
 * Remembers the variant each unit was first assigned, for experiments whose assignments must survive
 * weight changes (a user who saw a variant keeps it whatever the weights become). Plug a shared
 * store (a database table, a cache) to keep assignments across instances and restarts;
 * {@link InMemoryAssignmentStore} keeps them in this process.
 *
 * <p>With a store, a router looks the unit up on every decision, so that path allocates and costs
 * what the store costs; without one, the sticky weighted path is allocation-free and assignments
 * move only as ramp coverage moves them ({@link BucketAllocation}).
 *
 * <p>Implementations must be thread-safe, and {@link #putIfAbsent} atomic per key.
 */
public interface AssignmentStore {

  /**
   * Reads a unit's stored variant.
   *
   * @param experiment the experiment (the router's salt)
   * @param unitId the unit
   * @return the variant's name, or empty if the unit has none yet
   */
  Optional<String> get(String experiment, String unitId);

  /**
   * Stores a unit's variant unless it already has one.
   *
   * @param experiment the experiment (the router's salt)
   * @param unitId the unit
   * @param variant the variant's name
   * @return the variant now stored: the existing one if there was one, else {@code variant}
   */
  String putIfAbsent(String experiment, String unitId, String variant);

  /**
   * Replaces a unit's stored variant (used when the stored variant no longer exists in the router).
   *
   * @param experiment the experiment
   * @param unitId the unit
   * @param variant the new variant's name
   */
  void put(String experiment, String unitId, String variant);
}
