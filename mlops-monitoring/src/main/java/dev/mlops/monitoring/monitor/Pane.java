package dev.mlops.monitoring.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.core.model.Prediction;
import dev.mlops.monitoring.frame.ColumnSpec;
import dev.mlops.monitoring.frame.ColumnType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The aggregates of one step of a window (a window is one pane when tumbling, {@code size/step}
 * panes when sliding). Not thread-safe: the monitor's worker owns it.
 */
final class Pane {
  long index;
  long count;
  long errors;
  long sampled;
  long invalid;
  long late;
  long firstTs = Long.MAX_VALUE;
  long lastTs = Long.MIN_VALUE;
  final LatencyHistogram latency = new LatencyHistogram();
  final LinkedHashMap<String, long[]> labels = new LinkedHashMap<>();
  long regressionCount;
  double regressionSum;
  /** Regression outputs (first dimension), kept only when there is a numeric output reference. */
  DoubleList outputs;
  /** Per reference column: a DoubleList (numeric) or a List of String (categorical); null without a reference. */
  final Object[] columns;
  /**
   * Some sampled rows are not in {@link #columns}: they were sampled for a reference of other columns, before
   * the monitor's reference was replaced. The pane's inputs are then not compared with the reference.
   */
  boolean inputsIncomplete;
  /** Some regression outputs are not in {@link #outputs}: they came before a numeric output reference did. */
  boolean outputsIncomplete;

  Pane(long index, List<ColumnSpec> schema, boolean keepOutputs) {
    this.index = index;
    if (schema == null) {
      columns = null;
    } else {
      columns = new Object[schema.size()];
      for (int i = 0; i < columns.length; i++) {
        columns[i] = schema.get(i).type() == ColumnType.NUMERIC ? new DoubleList() : new ArrayList<String>();
      }
    }
    outputs = keepOutputs ? new DoubleList() : null;
  }

  /** A growable array of doubles. */
  static final class DoubleList {
    double[] a = new double[16];
    int n;

    void add(double v) {
      if (n == a.length) {
        a = Arrays.copyOf(a, n * 2);
      }
      a[n++] = v;
    }

    void addAll(DoubleList o) {
      if (n + o.n > a.length) {
        a = Arrays.copyOf(a, Math.max(n + o.n, a.length * 2));
      }
      System.arraycopy(o.a, 0, a, n, o.n);
      n += o.n;
    }

    double[] toArray() {
      return Arrays.copyOf(a, n);
    }
  }

  void add(PredictionEvent e, List<ColumnSpec> schema, boolean isLate) {
    count++;
    if (isLate) {
      late++;
    }
    long ts = e.timestampMillis();
    if (ts < firstTs) {
      firstTs = ts;
    }
    if (ts > lastTs) {
      lastTs = ts;
    }
    latency.add(e.latencyNanos());
    Prediction out = e.rawOutput();
    if (e.isError()) {
      errors++;
    } else if (out instanceof Prediction.Classification c) {
      long[] n = labels.get(c.label());
      if (n == null) {
        labels.put(c.label(), new long[] {1});
      } else {
        n[0]++;
      }
    } else if (out instanceof Prediction.Regression r) {
      double v = firstValue(r);
      regressionCount++;
      regressionSum += v;
      if (outputs != null) {
        outputs.add(v);
      }
    }
    Map<String, ?> f = e.rawFeatures();
    if (f != null && columns != null) {
      sampled++;
      for (int i = 0; i < columns.length; i++) {
        Object v = f.get(schema.get(i).name());
        if (columns[i] instanceof DoubleList d) {
          if (v == null) {
            d.add(Double.NaN);
          } else if (v instanceof Number num) {
            d.add(num.doubleValue());
          } else if (v instanceof Boolean b) {
            d.add(b ? 1.0 : 0.0);
          } else {
            invalid++;
            d.add(Double.NaN);
          }
        } else {
          @SuppressWarnings("unchecked")
          List<String> s = (List<String>) columns[i];
          if (v == null) {
            s.add(null);
          } else if (v instanceof CharSequence || v instanceof Enum<?>) {
            s.add(v.toString());
          } else {
            invalid++;
            s.add(null);
          }
        }
      }
    }
  }

  /** The first dimension of a regression output, in key order (a single-output model's only value). */
  static double firstValue(Prediction.Regression r) {
    if (r.values().size() == 1) {
      return r.values().values().iterator().next();
    }
    String first = null;
    for (String k : r.values().keySet()) {
      if (first == null || k.compareTo(first) < 0) {
        first = k;
      }
    }
    return r.values().get(first);
  }

  /**
   * This pane laid out for another reference (see {@link PredictionMonitor#replaceReference}): every count
   * carries over; the sampled rows carry over when the schema is the same, else the new pane is marked
   * {@link #inputsIncomplete} (when it had sampled rows); kept outputs carry over, and regression outputs
   * that were not kept mark it {@link #outputsIncomplete}.
   */
  Pane relayout(List<ColumnSpec> oldSchema, List<ColumnSpec> newSchema, boolean keepOutputs) {
    Pane p = new Pane(index, newSchema, keepOutputs);
    boolean sameSchema = Objects.equals(oldSchema, newSchema);
    Object[] cols = columns;
    if (sameSchema && cols != null) {
      System.arraycopy(cols, 0, p.columns, 0, cols.length);
    }
    p.inputsIncomplete = inputsIncomplete || (!sameSchema && sampled > 0);
    if (keepOutputs) {
      if (outputs != null) {
        p.outputs = outputs;
      }
      p.outputsIncomplete = outputsIncomplete || (outputs == null && regressionCount > 0);
    }
    p.count = count;
    p.errors = errors;
    p.sampled = sampled;
    p.invalid = invalid;
    p.late = late;
    p.firstTs = firstTs;
    p.lastTs = lastTs;
    p.latency.merge(latency);
    p.labels.putAll(labels);
    p.regressionCount = regressionCount;
    p.regressionSum = regressionSum;
    return p;
  }

  void merge(Pane o) {
    inputsIncomplete |= o.inputsIncomplete;
    outputsIncomplete |= o.outputsIncomplete;
    count += o.count;
    errors += o.errors;
    sampled += o.sampled;
    invalid += o.invalid;
    late += o.late;
    firstTs = Math.min(firstTs, o.firstTs);
    lastTs = Math.max(lastTs, o.lastTs);
    latency.merge(o.latency);
    for (Map.Entry<String, long[]> e : o.labels.entrySet()) {
      labels.computeIfAbsent(e.getKey(), k -> new long[1])[0] += e.getValue()[0];
    }
    regressionCount += o.regressionCount;
    regressionSum += o.regressionSum;
    if (outputs != null && o.outputs != null) {
      outputs.addAll(o.outputs);
    } else if (outputs != null && o.regressionCount > 0) {
      outputsIncomplete = true;
    }
    if (columns != null) {
      for (int i = 0; i < columns.length; i++) {
        if (columns[i] instanceof DoubleList d) {
          d.addAll((DoubleList) o.columns[i]);
        } else {
          @SuppressWarnings("unchecked")
          List<String> s = (List<String>) columns[i];
          @SuppressWarnings("unchecked")
          List<String> t = (List<String>) o.columns[i];
          s.addAll(t);
        }
      }
    }
  }

  ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("index", index).put("count", count).put("errors", errors).put("sampled", sampled).put("invalid", invalid)
        .put("late", late).put("firstTs", firstTs).put("lastTs", lastTs);
    if (inputsIncomplete) {
      o.put("inputsIncomplete", true);
    }
    if (outputsIncomplete) {
      o.put("outputsIncomplete", true);
    }
    LatencySummary ls = latency.summary();
    ObjectNode lat = o.putObject("latency");
    lat.put("count", ls.count()).put("sum", ls.sumNanos()).put("min", ls.minNanos()).put("max", ls.maxNanos());
    ArrayNode b = lat.putArray("buckets");
    for (int i = 0; i < ls.buckets().length; i++) {
      b.addArray().add(ls.buckets()[i]).add(ls.bucketCounts()[i]);
    }
    ObjectNode lab = o.putObject("labels");
    labels.forEach((k, v) -> lab.put(k, v[0]));
    o.put("regressionCount", regressionCount).put("regressionSum", regressionSum);
    if (outputs != null) {
      doubles(o.putArray("outputs"), outputs);
    }
    if (columns != null) {
      ArrayNode cols = o.putArray("columns");
      for (Object c : columns) {
        ArrayNode a = cols.addArray();
        if (c instanceof DoubleList d) {
          doubles(a, d);
        } else {
          @SuppressWarnings("unchecked")
          List<String> s = (List<String>) c;
          s.forEach(a::add);
        }
      }
    }
    return o;
  }

  private static void doubles(ArrayNode a, DoubleList d) {
    for (int i = 0; i < d.n; i++) {
      if (Double.isNaN(d.a[i])) {
        a.addNull();
      } else {
        a.add(d.a[i]);
      }
    }
  }

  static Pane fromJson(JsonNode o, List<ColumnSpec> schema, boolean keepOutputs) {
    Pane p = new Pane(o.path("index").asLong(), schema, keepOutputs);
    p.count = o.path("count").asLong();
    p.errors = o.path("errors").asLong();
    p.sampled = o.path("sampled").asLong();
    p.invalid = o.path("invalid").asLong();
    p.late = o.path("late").asLong();
    p.firstTs = o.path("firstTs").asLong();
    p.lastTs = o.path("lastTs").asLong();
    p.inputsIncomplete = o.path("inputsIncomplete").asBoolean(false);
    p.outputsIncomplete = o.path("outputsIncomplete").asBoolean(false);
    JsonNode lat = o.path("latency");
    for (JsonNode pair : lat.path("buckets")) {
      p.latency.addBucket(pair.get(0).asInt(), pair.get(1).asLong());
    }
    p.latency.count = lat.path("count").asLong();
    p.latency.sum = lat.path("sum").asLong();
    if (p.latency.count > 0) {
      p.latency.min = lat.path("min").asLong();
      p.latency.max = lat.path("max").asLong();
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = o.path("labels").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      p.labels.put(e.getKey(), new long[] {e.getValue().asLong()});
    }
    p.regressionCount = o.path("regressionCount").asLong();
    p.regressionSum = o.path("regressionSum").asDouble();
    if (p.outputs != null) {
      for (JsonNode v : o.path("outputs")) {
        p.outputs.add(v.isNull() ? Double.NaN : v.asDouble());
      }
    }
    if (p.columns != null) {
      JsonNode cols = o.path("columns");
      if (cols.size() != p.columns.length) {
        throw new IllegalArgumentException("the snapshot's window holds " + cols.size() + " input columns, the reference "
            + p.columns.length);
      }
      for (int i = 0; i < p.columns.length; i++) {
        JsonNode a = cols.get(i);
        if (p.columns[i] instanceof DoubleList d) {
          for (JsonNode v : a) {
            d.add(v.isNull() ? Double.NaN : v.asDouble());
          }
        } else {
          @SuppressWarnings("unchecked")
          List<String> s = (List<String>) p.columns[i];
          for (JsonNode v : a) {
            s.add(v.isNull() ? null : v.asText());
          }
        }
      }
    }
    return p;
  }
}
