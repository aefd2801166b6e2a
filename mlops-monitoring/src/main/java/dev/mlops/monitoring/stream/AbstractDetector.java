package dev.mlops.monitoring.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What every detector shares: the input check, the restart after a drift, the observation count,
 * the state, and the common part of the snapshot. Not thread-safe.
 */
abstract class AbstractDetector implements ChangeDetector {
  private final String type;
  private final boolean binary;
  private long count;
  private DetectorState state = DetectorState.NONE;

  AbstractDetector(String type, boolean binary) {
    this.type = type;
    this.binary = binary;
  }

  @Override
  public final DetectorState update(double value) {
    if (binary) {
      if (value != 0.0 && value != 1.0) {
        throw Double.isFinite(value) ? Inputs.notBinary(type) : Inputs.notFinite(value);
      }
    } else if (!Double.isFinite(value)) {
      throw Inputs.notFinite(value);
    }
    if (state == DetectorState.DRIFT) {
      restart();
    }
    count++;
    DetectorState s = observe(value);
    state = s;
    return s;
  }

  /** Reads one checked value into the statistics and returns the new state. */
  abstract DetectorState observe(double value);

  /** Clears the statistics (not the count): the detector starts afresh. */
  abstract void clear();

  /** Writes the configuration's fields. */
  abstract void writeConfig(ObjectNode config);

  /** Writes the statistics' fields (the count and the state are written by the caller). */
  abstract void writeState(ObjectNode state);

  private void restart() {
    clear();
    state = DetectorState.NONE;
  }

  @Override
  public final DetectorState state() {
    return state;
  }

  @Override
  public final void reset() {
    count = 0;
    restart();
  }

  @Override
  public final long count() {
    return count;
  }

  @Override
  public final DetectorSnapshot snapshot() {
    ObjectNode c = SnapshotJson.MAPPER.createObjectNode();
    writeConfig(c);
    ObjectNode s = SnapshotJson.MAPPER.createObjectNode();
    s.put("count", count);
    s.put("state", state.name());
    writeState(s);
    return new DetectorSnapshot(type, c, s);
  }

  /** Restores the count and the state of a snapshot into a new detector; returns the detector. */
  static <D extends AbstractDetector> D restoreCommon(D detector, JsonNode state) {
    long n = SnapshotJson.getLong(state, "count");
    if (n < 0) {
      throw SnapshotJson.badState("count", "'count' must be at least 0");
    }
    AbstractDetector base = detector;
    base.count = n;
    base.state = SnapshotJson.getState(state, "state");
    return detector;
  }

  @Override
  public String toString() {
    return type + "[count=" + count + ", state=" + state + "]";
  }
}
