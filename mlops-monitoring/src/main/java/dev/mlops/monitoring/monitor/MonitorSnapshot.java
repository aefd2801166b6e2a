package dev.mlops.monitoring.monitor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.core.Digest;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import dev.mlops.core.store.AtomicFiles;
import dev.mlops.core.store.BlobStore;
import dev.mlops.monitoring.profile.CategoricalProfile;
import dev.mlops.monitoring.profile.ColumnProfile;
import dev.mlops.monitoring.profile.NumericProfile;
import dev.mlops.monitoring.profile.ReferenceProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link PredictionMonitor}'s state as JSON: windows in progress, alert states, counters, the
 * id sequence, extension state, and the reference profiles (a fingerprint and the caller's id, or
 * the profile's JSON when the monitor embeds it). Write it to a file (atomically: a crash leaves the
 * old snapshot or the new one) or to a registry {@link BlobStore}, and give it to {@link
 * PredictionMonitor.Builder#restore(MonitorSnapshot)}.
 *
 * <pre>{@code
 * monitor.snapshot().write(Path.of("state/fraud-7.json"));          // before shutdown, or periodically
 * ...
 * PredictionMonitor again = PredictionMonitor.builder("fraud/7")
 *     .reference(trainingProfile)                                   // the same profile
 *     .restore(MonitorSnapshot.read(Path.of("state/fraud-7.json")))
 *     .build();
 * }</pre>
 *
 * <p>JSON: an object with {@code schemaVersion} ({@value #SCHEMA_VERSION}) and {@code kind}
 * {@value #KIND}; unknown fields are ignored. Immutable and thread-safe.
 */
public final class MonitorSnapshot {
  /** The current schema version. */
  public static final int SCHEMA_VERSION = 1;
  /** The document kind. */
  public static final String KIND = "mlops-monitor-snapshot";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final ObjectNode json;

  MonitorSnapshot(ObjectNode json) {
    this.json = json;
  }

  JsonNode json() {
    return json;
  }

  /**
   * Returns the snapshot's JSON text.
   *
   * @return the JSON
   */
  public String toJson() {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json);
    } catch (JsonProcessingException e) {
      throw new MlopsException("cannot write the monitor snapshot as JSON", e);
    }
  }

  /**
   * Reads a snapshot from its JSON text.
   *
   * @param text the JSON
   * @return the snapshot
   * @throws NullPointerException if text is null
   * @throws InvalidInputException if the text is not a monitor snapshot of a known version
   */
  public static MonitorSnapshot fromJson(String text) {
    Objects.requireNonNull(text, "text");
    JsonNode root;
    try {
      root = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException("snapshot", "not JSON (" + e.getOriginalMessage() + ")");
    }
    if (root == null || !root.isObject() || !KIND.equals(root.path("kind").asText())) {
      throw new InvalidInputException("snapshot", "not a monitor snapshot (kind must be '" + KIND + "')");
    }
    if (root.path("schemaVersion").asInt(-1) != SCHEMA_VERSION) {
      throw new InvalidInputException("schemaVersion", "monitor snapshot version " + root.path("schemaVersion")
          + " is not supported; this library reads version " + SCHEMA_VERSION);
    }
    return new MonitorSnapshot((ObjectNode) root);
  }

  /**
   * Writes the snapshot to a file atomically (temporary file, fsync, rename).
   *
   * @param file the target file; its directory is created if missing
   * @return the file
   * @throws NullPointerException if file is null
   * @throws UncheckedIOException if the file cannot be written
   */
  public Path write(Path file) {
    Objects.requireNonNull(file, "file");
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      AtomicFiles.write(dir, file, toJson().getBytes(StandardCharsets.UTF_8));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the monitor snapshot to " + file, e);
    }
  }

  /**
   * Reads a snapshot file.
   *
   * @param file the file
   * @return the snapshot
   * @throws NullPointerException if file is null
   * @throws UncheckedIOException if the file cannot be read
   * @throws InvalidInputException if the file is not a monitor snapshot
   */
  public static MonitorSnapshot read(Path file) {
    try {
      return fromJson(Files.readString(Objects.requireNonNull(file, "file"), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the monitor snapshot " + file, e);
    }
  }

  /**
   * Stores the snapshot in a blob store (for example the registry's) and returns its digest.
   *
   * @param store the store
   * @return the digest to load it by
   * @throws NullPointerException if store is null
   */
  public Digest store(BlobStore store) {
    return Objects.requireNonNull(store, "store").put(toJson().getBytes(StandardCharsets.UTF_8)).digest();
  }

  /**
   * Loads a snapshot from a blob store (the store verifies the bytes against the digest).
   *
   * @param store the store
   * @param digest the digest {@link #store(BlobStore)} returned
   * @return the snapshot
   * @throws NullPointerException if an argument is null
   * @throws InvalidInputException if the blob is not a monitor snapshot
   */
  public static MonitorSnapshot load(BlobStore store, Digest digest) {
    byte[] bytes = Objects.requireNonNull(store, "store").read(Objects.requireNonNull(digest, "digest"));
    return fromJson(new String(bytes, StandardCharsets.UTF_8));
  }

  /**
   * Returns the model the snapshot belongs to.
   *
   * @return the model name
   */
  public String model() {
    return json.path("model").asText();
  }

  /**
   * Returns the prediction id the restored monitor assigns next.
   *
   * @return the next id
   */
  public long nextId() {
    return json.path("nextId").asLong();
  }

  /**
   * Counts the events processed before the snapshot.
   *
   * @return the count
   */
  public long processed() {
    return json.path("processed").asLong();
  }

  /**
   * Counts the events dropped before the snapshot.
   *
   * @return the count
   */
  public long dropped() {
    return json.path("dropped").asLong();
  }

  /**
   * Returns the id of the references the snapshot was taken with ({@link
   * PredictionMonitor.Builder#referenceId(String)} or the last {@link PredictionMonitor#replaceReference}),
   * so whoever restores knows which profiles to supply.
   *
   * @return the id, or empty when the monitor had no reference or no id for it
   */
  public Optional<String> referenceId() {
    for (String field : new String[] {"reference", "outputReference"}) {
      JsonNode id = json.path(field).get("id");
      if (id != null && id.isTextual()) {
        return Optional.of(id.asText());
      }
    }
    return Optional.empty();
  }

  /**
   * The fingerprint of a reference profile: SHA-256 of its row count, schema and per-column counts,
   * moments and exact category counts. Equal profiles have equal fingerprints; it does not depend on
   * the sketches' binary form, so it is computed on every JDK.
   *
   * @param profile the profile
   * @return {@code sha256:<hex>}
   * @throws NullPointerException if profile is null
   */
  public static String fingerprint(ReferenceProfile profile) {
    StringBuilder sb = new StringBuilder("rows=").append(profile.rowCount());
    for (ColumnProfile c : profile.columns().values()) {
      sb.append('|').append(c.spec().name()).append(':').append(c.spec().type()).append(':').append(c.count())
          .append(':').append(c.missingCount());
      if (c instanceof NumericProfile n) {
        sb.append(':').append(n.min()).append(':').append(n.max()).append(':').append(n.mean()).append(':')
            .append(n.sumOfSquaredDeviations());
      } else if (c instanceof CategoricalProfile k) {
        sb.append(':').append(k.exactCounts().map(Object::toString).orElse("sketch:" + k.knownCategories()));
      }
    }
    return Digest.sha256(sb.toString().getBytes(StandardCharsets.UTF_8)).toString();
  }

  static void putReference(ObjectNode root, String field, ReferenceProfile profile, String id, boolean embed) {
    if (profile == null) {
      return;
    }
    ObjectNode r = root.putObject(field);
    r.put("fingerprint", fingerprint(profile));
    if (id != null) {
      r.put("id", id);
    }
    if (embed) {
      try {
        r.set("profile", MAPPER.readTree(profile.toJson()));
      } catch (JsonProcessingException e) {
        throw new MlopsException("cannot embed the reference profile", e);
      }
    }
  }

  ReferenceProfile checkReference(String field, ReferenceProfile supplied) {
    JsonNode r = json.get(field);
    if (r == null || r.isNull()) {
      if (supplied != null) {
        throw new InvalidInputException(field, "the snapshot was taken without a " + field
            + "; build the monitor as it was, or without restoring");
      }
      return null;
    }
    String expected = r.path("fingerprint").asText();
    String id = r.has("id") ? " (id " + r.get("id").asText() + ")" : "";
    if (supplied == null) {
      if (r.has("profile")) {
        ReferenceProfile p = ReferenceProfile.fromJson(r.get("profile").toString());
        if (!fingerprint(p).equals(expected)) {
          throw new InvalidInputException(field, "the snapshot's embedded " + field + " does not match its fingerprint");
        }
        return p;
      }
      throw new InvalidInputException(field, "the snapshot was taken with a " + field + id
          + " that it does not embed; supply the same profile to the builder");
    }
    if (!fingerprint(supplied).equals(expected)) {
      throw new InvalidInputException(field, "the supplied " + field + " is not the one the snapshot was taken with"
          + id + ": fingerprint " + fingerprint(supplied) + ", expected " + expected);
    }
    return supplied;
  }

  void checkShape(String model, List<String> variants, WindowSpec window) {
    if (!model.equals(model())) {
      throw new InvalidInputException("model", "the snapshot belongs to model '" + model() + "', not '" + model + "'");
    }
    List<String> snap = new ArrayList<>();
    json.path("variants").forEach(v -> snap.add(v.asText()));
    if (!snap.equals(variants)) {
      throw new InvalidInputException("variants", "the snapshot's variants " + snap + " differ from " + variants);
    }
    JsonNode w = json.path("window");
    WindowSpec s = new WindowSpec(w.path("byTime").asBoolean(), w.path("size").asLong(), w.path("step").asLong());
    if (!s.equals(window)) {
      throw new InvalidInputException("window", "the snapshot's windows are " + s + ", the monitor's " + window
          + "; restore with the same window spec");
    }
  }

  @Override
  public String toString() {
    return "MonitorSnapshot[" + model() + ", next id " + nextId() + ", processed " + processed() + "]";
  }
}
