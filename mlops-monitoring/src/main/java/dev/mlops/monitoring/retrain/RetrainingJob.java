package dev.mlops.monitoring.retrain;

import dev.mlops.registry.Registration;
import dev.mlops.registry.run.Run;

/**
 * The user's retraining code: trains a new model inside an open training run and returns its
 * registration; the policy registers it through the run (so the version's lineage names the run and its
 * data sets) as a candidate.
 *
 * <pre>{@code
 * RetrainingJob job = (request, run) -> {
 *   Model<Label> m = TribuoRuns.train(run, new LogisticRegressionTrainer(), freshData());
 *   run.logMetric("holdout.accuracy", accuracyOn(m, holdout));
 *   return Registration.model(request.model(), m);
 * };
 * }</pre>
 *
 * <p>The registration must be for the policy's model name. A job that throws fails the run (status
 * FAILED in the run store) and registers nothing. Jobs run on the policy's executor, one at a time per
 * policy; an implementation used by one policy needs no locking.
 */
@FunctionalInterface
public interface RetrainingJob {
  /**
   * Trains a new model.
   *
   * @param request why and against what the retraining runs
   * @param run the open training run to log parameters, metrics, data sets and artifacts into
   * @return the registration of the new model (not yet built)
   * @throws Exception anything; the attempt is reported as {@link RetrainingStatus#FAILED}
   */
  Registration.Builder train(RetrainingRequest request, Run run) throws Exception;
}
