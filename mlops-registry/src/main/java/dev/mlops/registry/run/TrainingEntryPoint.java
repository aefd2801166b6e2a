package dev.mlops.registry.run;

/**
 * Training code that is not Tribuo, made reproducible: it reads everything that varies from its
 * {@link TrainingConfig} (parameters, seeds, data set inputs) and logs its results into the run.
 * Register it by name on {@link Tracking.Builder#entryPoint}, or name its class (public, with a
 * public no-argument constructor), and start it with {@link Tracking#train}.
 *
 * <p><b>What {@link Tracking#reproduce(String)} guarantees:</b> the same entry point (by name or
 * class name) is invoked again, in a new run of the same experiment tagged
 * {@code reproduces=RUNID}, with exactly the recorded parameters, seeds and data set inputs; the
 * report then compares what both runs logged (latest metric values, artifact digests) and the two
 * environments, and names every difference. <b>What it does not guarantee:</b> that the results are
 * equal. That holds only if the code derives all randomness from the given seeds, reads data only
 * through the recorded inputs (by digest from the registry), does not depend on time, thread
 * scheduling, hash iteration order or the environment, and its own code and dependencies are
 * unchanged (the environment diff shows jar versions and digests, the JVM and the git commit, so a
 * change there is visible, not prevented).
 *
 * <p>Implementations should be stateless; they may be called from several threads.
 */
@FunctionalInterface
public interface TrainingEntryPoint {
  /**
   * Trains, logging into the run.
   *
   * @param run the open run
   * @param config the configuration to train with
   * @throws Exception whatever training throws; the run is then recorded FAILED
   */
  void train(Run run, TrainingConfig config) throws Exception;
}
