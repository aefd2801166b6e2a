package dev.mlops.monitoring.stream;

/** A detector of bit streams: {@link #update(boolean)} and the 0/1 check. Not thread-safe. */
abstract class AbstractBinaryDetector extends AbstractDetector implements BinaryChangeDetector {

  AbstractBinaryDetector(String type) {
    super(type, true);
  }

  @Override
  public final DetectorState update(boolean error) {
    return update(error ? 1.0 : 0.0);
  }
}
