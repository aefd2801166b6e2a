package dev.mlops.registry.run;

/** What a data set was used for in a run. */
public enum DatasetRole {
  /** Data the model was fitted on. */
  TRAINING,
  /** Data used to tune or stop training. */
  VALIDATION,
  /** Held-out data the model was evaluated on. */
  TEST
}
