package dev.mlops.monitoring.stream;

/**
 * A change detector for a stream of bits, typically a model's errors: 1 (or {@code true}) for a
 * wrong prediction, 0 (or {@code false}) for a right one. DDM, EDDM, HDDM-A and HDDM-W are binary
 * detectors; {@link #update(double)} rejects any value other than 0 and 1.
 *
 * <p>Implementations are not thread-safe (see {@link ChangeDetector}).
 */
public interface BinaryChangeDetector extends ChangeDetector {

  /**
   * Reads one outcome.
   *
   * @param error true for an error (1), false for a success (0)
   * @return the state after this observation
   */
  DetectorState update(boolean error);
}
