package dev.mlops.monitoring.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.monitoring.frame.ColumnSpec;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One variant's windows and counters. Written only by the monitor's worker (the layout too, when the
 * reference is replaced); the counters and the last window may be read from any thread.
 */
final class VariantWindows {
  /** Called with the panes of a window that closed, oldest first. */
  interface Closer {
    void close(VariantWindows v, Pane merged, long startMillis, long endMillis);
  }

  final String name;
  final int index;
  private final WindowSpec spec;
  private List<ColumnSpec> schema;
  private boolean keepOutputs;
  private final ArrayDeque<Pane> panes = new ArrayDeque<>();
  private Pane current;
  private boolean timeStarted;
  long windowIndex;
  long droppedAtLastWindow;

  final AtomicLong processed = new AtomicLong();
  final AtomicLong errors = new AtomicLong();
  final AtomicLong latencyTotalNanos = new AtomicLong();
  final AtomicReference<WindowSummary> lastWindow = new AtomicReference<>();

  VariantWindows(String name, int index, WindowSpec spec, List<ColumnSpec> schema, boolean keepOutputs) {
    this.name = name;
    this.index = index;
    this.spec = spec;
    this.schema = schema;
    this.keepOutputs = keepOutputs;
    this.current = new Pane(0, schema, keepOutputs);
  }

  void add(PredictionEvent e, Closer closer) {
    processed.lazySet(processed.get() + 1);
    latencyTotalNanos.lazySet(latencyTotalNanos.get() + e.latencyNanos());
    if (e.isError()) {
      errors.lazySet(errors.get() + 1);
    }
    if (!spec.byTime()) {
      current.add(e, schema, false);
      if (current.count == spec.step()) {
        Pane done = current;
        current = new Pane(done.index + 1, schema, keepOutputs);
        push(done, closer);
      }
      return;
    }
    long pi = Math.floorDiv(e.timestampMillis(), spec.step());
    if (!timeStarted) {
      current.index = pi;
      timeStarted = true;
    }
    if (pi > current.index) {
      advanceTo(pi, closer);
    }
    current.add(e, schema, pi < current.index);
  }

  /** Time windows: closes the panes that ended before {@code nowMillis}. */
  void tick(long nowMillis, Closer closer) {
    if (!spec.byTime() || !timeStarted) {
      return;
    }
    long pi = Math.floorDiv(nowMillis, spec.step());
    if (pi > current.index) {
      advanceTo(pi, closer);
    }
  }

  private void advanceTo(long pi, Closer closer) {
    Pane done = current;
    current = new Pane(pi, schema, keepOutputs);
    boolean anyData = done.count > 0;
    for (Pane p : panes) {
      anyData |= p.count > 0;
    }
    if (!anyData) {
      panes.clear();
      return;
    }
    push(done, closer);
    long gap = pi - done.index - 1;
    long empties = Math.min(gap, spec.panes());
    for (long j = empties; j >= 1; j--) {
      push(new Pane(pi - j, schema, keepOutputs), closer);
    }
  }

  /** Closes the window in progress now, partial as it is (tumbling: the current pane). */
  void closePartial(Closer closer) {
    if (current.count == 0) {
      return;
    }
    Pane done = current;
    current = new Pane(done.index + 1, schema, keepOutputs);
    if (spec.byTime()) {
      timeStarted = false;
    }
    panes.addLast(done);
    while (panes.size() > spec.panes()) {
      panes.removeFirst();
    }
    emit(closer);
    if (!spec.sliding()) {
      panes.clear();
    }
  }

  private void push(Pane p, Closer closer) {
    panes.addLast(p);
    while (panes.size() > spec.panes()) {
      panes.removeFirst();
    }
    if (panes.size() == spec.panes()) {
      emit(closer);
      if (!spec.sliding()) {
        panes.clear();
      }
    }
  }

  private void emit(Closer closer) {
    Pane merged;
    if (panes.size() == 1) {
      merged = panes.getFirst();
    } else {
      merged = new Pane(panes.getFirst().index, schema, keepOutputs);
      for (Pane p : panes) {
        merged.merge(p);
      }
    }
    if (merged.count == 0) {
      return;
    }
    long start;
    long end;
    if (spec.byTime()) {
      start = panes.getFirst().index * spec.step();
      end = (panes.getLast().index + 1) * spec.step();
    } else {
      start = merged.firstTs;
      end = merged.lastTs;
    }
    closer.close(this, merged, start, end);
  }

  /**
   * Lays the panes in progress out for a new reference (see {@link Pane#relayout}); later panes collect
   * the new reference's columns.
   */
  void relayout(List<ColumnSpec> newSchema, boolean newKeepOutputs) {
    current = current.relayout(schema, newSchema, newKeepOutputs);
    int n = panes.size();
    for (int i = 0; i < n; i++) {
      panes.addLast(panes.removeFirst().relayout(schema, newSchema, newKeepOutputs));
    }
    schema = newSchema;
    keepOutputs = newKeepOutputs;
  }

  long inProgressCount() {
    long n = current.count;
    return n;
  }

  ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("variant", name).put("processed", processed.get()).put("errors", errors.get())
        .put("latencyTotalNanos", latencyTotalNanos.get()).put("windowIndex", windowIndex)
        .put("droppedAtLastWindow", droppedAtLastWindow).put("timeStarted", timeStarted);
    o.set("current", current.toJson());
    ArrayNode a = o.putArray("panes");
    panes.forEach(p -> a.add(p.toJson()));
    return o;
  }

  void restore(JsonNode o) {
    processed.set(o.path("processed").asLong());
    errors.set(o.path("errors").asLong());
    latencyTotalNanos.set(o.path("latencyTotalNanos").asLong());
    windowIndex = o.path("windowIndex").asLong();
    droppedAtLastWindow = o.path("droppedAtLastWindow").asLong();
    timeStarted = o.path("timeStarted").asBoolean();
    current = Pane.fromJson(o.path("current"), schema, keepOutputs);
    panes.clear();
    for (JsonNode p : o.path("panes")) {
      panes.addLast(Pane.fromJson(p, schema, keepOutputs));
    }
  }
}
