package dev.mlops.monitoring.profile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import dev.mlops.monitoring.frame.CategoricalColumn;
import dev.mlops.monitoring.frame.Column;
import dev.mlops.monitoring.frame.ColumnSpec;
import dev.mlops.monitoring.frame.ColumnType;
import dev.mlops.monitoring.frame.Frame;
import dev.mlops.monitoring.frame.NumericColumn;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import org.apache.datasketches.common.ArrayOfStringsSerDe;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;

/**
 * A reference profile: per column a {@link NumericProfile} or {@link CategoricalProfile}, computed
 * once from reference data and compared with current data by the drift engine.
 *
 * <pre>{@code
 * ReferenceProfile profile = ReferenceProfile.of(trainingFrame);
 * String json = profile.toJson();                       // store it beside the model
 * ReferenceProfile again = ReferenceProfile.fromJson(json);
 * ReferenceProfile whole = partA.merge(partB);          // profiles of parts merge
 * }</pre>
 *
 * <p>Settings (fixed at build, kept in the JSON, equal on both sides of a merge): KLL {@code k}
 * (default 200, rank error 1.33%), the exact sample limit (default 4096 values per numeric column),
 * the category limit (default 1000 exact categories, then a frequent-items sketch with a map of
 * 1024 entries).
 *
 * <p>JSON: an object with {@code schemaVersion} (currently {@value #SCHEMA_VERSION}), the
 * settings, the row count and the columns; sketches are their DataSketches binary forms in base64.
 * Unknown fields are ignored on read. DataSketches 6.2.0 serializes sketches through its Memory
 * layer, whose JDK check this library passes on JDKs after 21 (see {@link #jsonSupported()}); where
 * that is turned off, {@link #toJson()} and {@link #fromJson(String)} throw an {@link MlopsException}
 * saying so (profiles still build, merge and compare there).
 *
 * <p>Immutable and thread-safe.
 */
public final class ReferenceProfile {
  /** The current JSON schema version. */
  public static final int SCHEMA_VERSION = 1;
  /** Default KLL parameter k. */
  public static final int DEFAULT_K = 200;
  /** Default largest numeric column whose exact sorted sample is kept. */
  public static final int DEFAULT_EXACT_SAMPLE_LIMIT = 4096;
  /** Default largest number of categories counted exactly. */
  public static final int DEFAULT_CATEGORY_LIMIT = 1000;
  /** Default frequent-items sketch map size (a power of two). */
  public static final int DEFAULT_SKETCH_MAP_SIZE = 1024;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final long rowCount;
  private final Map<String, ColumnProfile> columns;
  private final Settings settings;

  private record Settings(int k, int exactSampleLimit, int categoryLimit, int sketchMapSize) {}

  private ReferenceProfile(long rowCount, Map<String, ColumnProfile> columns, Settings settings) {
    this.rowCount = rowCount;
    this.columns = Collections.unmodifiableMap(columns);
    this.settings = settings;
  }

  /**
   * Profiles a frame with the default settings, one column per task on a pool of as many threads
   * as processors.
   *
   * @param frame the reference data
   * @return the profile
   * @throws NullPointerException if frame is null
   */
  public static ReferenceProfile of(Frame frame) {
    return builder().build(frame);
  }

  /**
   * Starts a builder with the default settings.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the number of rows profiled (missing values included).
   *
   * @return the row count
   */
  public long rowCount() {
    return rowCount;
  }

  /**
   * Returns the column profiles in column order.
   *
   * @return an unmodifiable map from name to profile
   */
  public Map<String, ColumnProfile> columns() {
    return columns;
  }

  /**
   * Returns one column's profile.
   *
   * @param name the column name
   * @return the profile, or empty
   */
  public Optional<ColumnProfile> column(String name) {
    return Optional.ofNullable(columns.get(name));
  }

  /**
   * Returns the schema: column names and types in order.
   *
   * @return an immutable list
   */
  public List<ColumnSpec> schema() {
    return columns.values().stream().map(ColumnProfile::spec).toList();
  }

  /**
   * Returns the KLL parameter k.
   *
   * @return k
   */
  public int sketchK() {
    return settings.k;
  }

  /**
   * Returns the exact sample limit.
   *
   * @return the largest column whose sorted sample is kept
   */
  public int exactSampleLimit() {
    return settings.exactSampleLimit;
  }

  /**
   * Merges this profile with the profile of another part of the same data set: the result is the
   * profile of both parts (sketches merged, counts added, moments combined, exact samples
   * concatenated while within the limit).
   *
   * @param other the other part's profile
   * @return the merged profile
   * @throws NullPointerException if other is null
   * @throws InvalidInputException if the schemas or the settings differ
   */
  public ReferenceProfile merge(ReferenceProfile other) {
    Objects.requireNonNull(other, "other");
    if (!settings.equals(other.settings)) {
      throw new InvalidInputException("settings", "profiles built with different settings (" + settings + " and "
          + other.settings + ") cannot be merged");
    }
    if (!schema().equals(other.schema())) {
      throw new InvalidInputException("schema", "profiles of different schemas cannot be merged: "
          + schema() + " and " + other.schema());
    }
    Map<String, ColumnProfile> out = new LinkedHashMap<>();
    for (ColumnProfile a : columns.values()) {
      ColumnProfile b = other.columns.get(a.spec().name());
      if (a instanceof NumericProfile na) {
        NumericProfile.requireSameK(na, (NumericProfile) b);
        out.put(a.spec().name(), na.merge((NumericProfile) b, settings.exactSampleLimit));
      } else {
        out.put(a.spec().name(), ((CategoricalProfile) a).merge((CategoricalProfile) b, settings.categoryLimit,
            settings.sketchMapSize));
      }
    }
    return new ReferenceProfile(rowCount + other.rowCount, out, settings);
  }

  /**
   * Writes the profile as JSON.
   *
   * @return the JSON text
   * @throws MlopsException if this JDK cannot serialize DataSketches sketches (see the class doc)
   */
  public String toJson() {
    SketchMemory.ready(); // prepares DataSketches' Memory layer before the first sketch is written
    ObjectNode root = MAPPER.createObjectNode();
    root.put("schemaVersion", SCHEMA_VERSION);
    root.put("kind", "mlops-reference-profile");
    root.put("rowCount", rowCount);
    ObjectNode s = root.putObject("settings");
    s.put("kllK", settings.k);
    s.put("exactSampleLimit", settings.exactSampleLimit);
    s.put("categoryLimit", settings.categoryLimit);
    s.put("frequentItemsMapSize", settings.sketchMapSize);
    ArrayNode cols = root.putArray("columns");
    try {
      for (ColumnProfile c : columns.values()) {
        ObjectNode o = cols.addObject();
        o.put("name", c.spec().name());
        o.put("type", c.spec().type().name());
        o.put("count", c.count());
        o.put("missing", c.missingCount());
        if (c instanceof NumericProfile n) {
          o.put("min", n.rawMin());
          o.put("max", n.rawMax());
          o.put("mean", n.rawMean());
          o.put("m2", n.sumOfSquaredDeviations());
          o.put("kll", Base64.getEncoder().encodeToString(n.sketchBytes()));
          if (n.rawSample() != null) {
            ArrayNode a = o.putArray("exactSample");
            for (double v : n.rawSample()) {
              a.add(v);
            }
          }
          if (n.rawDistinctValues() != null) {
            ArrayNode a = o.putArray("distinctValues");
            for (int i = 0; i < n.rawDistinctValues().length; i++) {
              a.addObject().put("value", n.rawDistinctValues()[i]).put("count", n.rawDistinctCounts()[i]);
            }
          }
        } else {
          CategoricalProfile k = (CategoricalProfile) c;
          if (k.exactCounts().isPresent()) {
            ArrayNode a = o.putArray("counts");
            k.exactCounts().get().forEach((label, v) -> a.addObject().put("label", label).put("count", v));
          } else {
            o.put("frequentItems", Base64.getEncoder().encodeToString(
                k.rawSketch().toByteArray(new ArrayOfStringsSerDe())));
          }
        }
      }
    } catch (LinkageError e) {
      throw unsupportedJdk(e);
    }
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new MlopsException("cannot write the profile as JSON", e);
    }
  }

  /**
   * Tells whether this JVM can write and read profile JSON. DataSketches 6.2.0 serializes sketches
   * through its Memory layer, whose release 3.0.2 accepts JDK 8, 11, 17 and 21 only; on later JDKs this
   * library initializes that layer once past its version check (heap memory, all a profile uses, works the
   * same there; {@code -Dmlops.profile.sketchMemoryJdkWorkaround=false} turns this off), so the answer is
   * true on every JDK this library knows of. Where it is false, {@link #toJson()} and {@link
   * #fromJson(String)} throw for profiles that hold sketches; callers that persist profiles can check this
   * first and rebuild profiles from their data instead. The answer is computed once, by serializing an
   * empty sketch.
   *
   * @return whether {@link #toJson()} and {@link #fromJson(String)} work here
   */
  public static boolean jsonSupported() {
    return SketchMemory.ready();
  }

  /**
   * Reads a profile written by {@link #toJson()}; unknown fields are ignored.
   *
   * @param json the JSON text
   * @return the profile
   * @throws NullPointerException if json is null
   * @throws ProfileFormatException if the text is not a profile of a known schema version
   * @throws MlopsException if this JDK cannot deserialize DataSketches sketches
   */
  public static ReferenceProfile fromJson(String json) {
    Objects.requireNonNull(json, "json");
    SketchMemory.ready(); // prepares DataSketches' Memory layer before the first sketch is read
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new ProfileFormatException("json", "not JSON (" + e.getOriginalMessage() + ")");
    }
    if (root == null || !root.isObject()) {
      throw new ProfileFormatException("json", "a profile is a JSON object");
    }
    int version = required(root, "schemaVersion").asInt(-1);
    if (version != SCHEMA_VERSION) {
      throw new ProfileFormatException("schemaVersion", "schema version " + required(root, "schemaVersion")
          + " is not supported; this library reads version " + SCHEMA_VERSION);
    }
    JsonNode s = required(root, "settings");
    Settings settings = new Settings(required(s, "kllK").asInt(), required(s, "exactSampleLimit").asInt(),
        required(s, "categoryLimit").asInt(), required(s, "frequentItemsMapSize").asInt());
    Map<String, ColumnProfile> cols = new LinkedHashMap<>();
    try {
      for (Iterator<JsonNode> it = required(root, "columns").elements(); it.hasNext(); ) {
        JsonNode c = it.next();
        String name = required(c, "name").asText();
        String type = required(c, "type").asText();
        long count = required(c, "count").asLong();
        long missing = required(c, "missing").asLong();
        ColumnProfile p;
        if (ColumnType.NUMERIC.name().equals(type)) {
          KllDoublesSketch sk = KllDoublesSketch.heapify(Memory.wrap(base64(c, "kll")));
          if (sk.getN() != count) {
            throw new ProfileFormatException("kll", "column '" + name + "': the sketch holds " + sk.getN()
                + " values, the count says " + count);
          }
          double[] sample = null;
          if (c.has("exactSample")) {
            sample = new double[c.get("exactSample").size()];
            for (int i = 0; i < sample.length; i++) {
              sample[i] = c.get("exactSample").get(i).asDouble();
            }
          }
          double[] dv = null;
          long[] dc = null;
          if (c.has("distinctValues")) {
            JsonNode d = c.get("distinctValues");
            dv = new double[d.size()];
            dc = new long[d.size()];
            for (int i = 0; i < dv.length; i++) {
              dv[i] = required(d.get(i), "value").asDouble();
              dc[i] = required(d.get(i), "count").asLong();
            }
          }
          p = new NumericProfile(name, count, missing, required(c, "min").asDouble(), required(c, "max").asDouble(),
              required(c, "mean").asDouble(), required(c, "m2").asDouble(), sk, sample, dv, dc);
        } else if (ColumnType.CATEGORICAL.name().equals(type)) {
          if (c.has("counts")) {
            Map<String, Long> m = new LinkedHashMap<>();
            for (JsonNode e : c.get("counts")) {
              m.put(required(e, "label").asText(), required(e, "count").asLong());
            }
            p = new CategoricalProfile(name, count, missing, m, null);
          } else {
            ItemsSketch<String> sk = ItemsSketch.getInstance(Memory.wrap(base64(c, "frequentItems")),
                new ArrayOfStringsSerDe());
            p = new CategoricalProfile(name, count, missing, null, sk);
          }
        } else {
          throw new ProfileFormatException("type", "column '" + name + "' has unknown type " + type);
        }
        if (cols.put(name, p) != null) {
          throw new ProfileFormatException("columns", "two columns are named '" + name + "'");
        }
      }
    } catch (LinkageError e) {
      throw unsupportedJdk(e);
    } catch (RuntimeException e) {
      if (e instanceof ProfileFormatException) {
        throw e;
      }
      throw new ProfileFormatException("columns", "a column's sketch is damaged (" + e.getMessage() + ")");
    }
    return new ReferenceProfile(required(root, "rowCount").asLong(), cols, settings);
  }

  private static byte[] base64(JsonNode c, String field) {
    try {
      return Base64.getDecoder().decode(required(c, field).asText());
    } catch (IllegalArgumentException e) {
      throw new ProfileFormatException(field, "not base64");
    }
  }

  private static JsonNode required(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      throw new ProfileFormatException(field, "the field '" + field + "' is missing");
    }
    return v;
  }

  private static MlopsException unsupportedJdk(LinkageError e) {
    return new MlopsException("DataSketches 6.2.0 cannot (de)serialize sketches on Java "
        + System.getProperty("java.specification.version")
        + ": its Memory layer supports JDK 8, 11, 17 and 21 (and later ones unless"
        + " -Dmlops.profile.sketchMemoryJdkWorkaround=false); write and read profile JSON on one of those", e);
  }

  @Override
  public String toString() {
    return "ReferenceProfile[" + rowCount + " rows, " + columns.values() + "]";
  }

  /**
   * Builds a {@link ReferenceProfile}; each setter may be called once. Not thread-safe; the
   * profile it builds is.
   */
  public static final class Builder {
    private Integer k;
    private Integer exactSampleLimit;
    private Integer categoryLimit;
    private Integer parallelism;

    private Builder() {}

    private static void requireUnset(Object v, String name) {
      if (v != null) {
        throw new IllegalStateException(name + " was already set to " + v);
      }
    }

    /**
     * Sets the KLL parameter k (8 to 65535; larger is more accurate and larger).
     *
     * @param value k
     * @return this builder
     * @throws IllegalArgumentException if out of range
     * @throws IllegalStateException if already set
     */
    public Builder sketchK(int value) {
      requireUnset(k, "sketchK");
      if (value < 8 || value > 65535) {
        throw new IllegalArgumentException("k must lie in [8, 65535], got " + value);
      }
      k = value;
      return this;
    }

    /**
     * Sets the largest numeric column (in non-missing values) whose exact sorted sample is kept.
     *
     * @param value 0 to 1,000,000
     * @return this builder
     * @throws IllegalArgumentException if out of range
     * @throws IllegalStateException if already set
     */
    public Builder exactSampleLimit(int value) {
      requireUnset(exactSampleLimit, "exactSampleLimit");
      if (value < 0 || value > 1_000_000) {
        throw new IllegalArgumentException("exactSampleLimit must lie in [0, 1000000], got " + value);
      }
      exactSampleLimit = value;
      return this;
    }

    /**
     * Sets the largest number of categories counted exactly.
     *
     * @param value at least 1
     * @return this builder
     * @throws IllegalArgumentException if below 1
     * @throws IllegalStateException if already set
     */
    public Builder categoryLimit(int value) {
      requireUnset(categoryLimit, "categoryLimit");
      if (value < 1) {
        throw new IllegalArgumentException("categoryLimit must be at least 1, got " + value);
      }
      categoryLimit = value;
      return this;
    }

    /**
     * Sets how many columns are profiled at once (default: the number of processors).
     *
     * @param value at least 1
     * @return this builder
     * @throws IllegalArgumentException if below 1
     * @throws IllegalStateException if already set
     */
    public Builder parallelism(int value) {
      requireUnset(parallelism, "parallelism");
      if (value < 1) {
        throw new IllegalArgumentException("parallelism must be at least 1, got " + value);
      }
      parallelism = value;
      return this;
    }

    /**
     * Profiles a frame: one task per column on a fork-join pool of {@code parallelism} threads
     * made for this call (with parallelism 1, on the calling thread).
     *
     * @param frame the reference data
     * @return the profile
     * @throws NullPointerException if frame is null
     */
    public ReferenceProfile build(Frame frame) {
      Objects.requireNonNull(frame, "frame");
      Settings s = new Settings(k == null ? DEFAULT_K : k,
          exactSampleLimit == null ? DEFAULT_EXACT_SAMPLE_LIMIT : exactSampleLimit,
          categoryLimit == null ? DEFAULT_CATEGORY_LIMIT : categoryLimit, DEFAULT_SKETCH_MAP_SIZE);
      int threads = parallelism == null ? Runtime.getRuntime().availableProcessors() : parallelism;
      List<Column> cols = frame.columns();
      List<ColumnProfile> out = new ArrayList<>(cols.size());
      if (threads == 1 || cols.size() <= 1) {
        for (Column c : cols) {
          out.add(profile(c, s));
        }
      } else {
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
          List<Future<ColumnProfile>> fs = new ArrayList<>();
          for (Column c : cols) {
            fs.add(pool.submit(() -> profile(c, s)));
          }
          for (Future<ColumnProfile> f : fs) {
            out.add(f.get());
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new MlopsException("interrupted while profiling", e);
        } catch (ExecutionException e) {
          if (e.getCause() instanceof RuntimeException r) {
            throw r;
          }
          throw new MlopsException("profiling failed", e.getCause());
        } finally {
          pool.shutdown();
        }
      }
      Map<String, ColumnProfile> map = new LinkedHashMap<>();
      for (ColumnProfile p : out) {
        map.put(p.spec().name(), p);
      }
      return new ReferenceProfile(frame.rowCount(), map, s);
    }

    private static ColumnProfile profile(Column c, Settings s) {
      if (c instanceof NumericColumn n) {
        return NumericProfile.of(n, s.k, s.exactSampleLimit);
      }
      return CategoricalProfile.of((CategoricalColumn) c, s.categoryLimit, s.sketchMapSize);
    }
  }
}
