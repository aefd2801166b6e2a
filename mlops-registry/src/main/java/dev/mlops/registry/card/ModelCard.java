package dev.mlops.registry.card;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.StoreException;
import dev.mlops.core.artifact.VersionId;
import dev.mlops.core.explain.GlobalImportance;
import dev.mlops.core.json.CanonicalJson;
import dev.mlops.core.model.FeatureSpec;
import dev.mlops.core.model.ModelSignature;
import dev.mlops.core.store.AtomicFiles;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.evidence.Evidence;
import dev.mlops.registry.evidence.EvidenceAttachment;
import dev.mlops.registry.evidence.EvidenceRef;
import dev.mlops.registry.evidence.EvidenceResult;
import dev.mlops.registry.promotion.Approval;
import dev.mlops.registry.run.DatasetInput;
import dev.mlops.registry.run.RunRecord;
import dev.mlops.registry.run.Tracking;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A model card: one version's governance document, generated from the registry. It gathers the
 * version (digest, format, status, aliases, signature, tags), its lineage, its training run (params,
 * metrics, seeds, data digests, environment, Tribuo provenance), its evidence (metrics with
 * confidence intervals, slice and fairness results), its approvals, the top features of a
 * {@link GlobalImportance} when one is given, and the fields only people can write
 * ({@link ModelCardFields}). Rendered as JSON ({@link #toJson()}, with {@code schemaVersion}) and as a
 * self-contained HTML page ({@link #toHtml()}) in which every value is escaped.
 *
 * <pre>{@code
 * ModelCard card = ModelCard.builder(registry, "fraud@champion")
 *     .fields(new ModelCardFields("Score card payments for fraud review.", "Not for credit decisions.", List.of("risk-team")))
 *     .importance(PermutationImportance.of(...).compute(...))
 *     .build();
 * card.write(Path.of("cards"));   // fraud-3.json and fraud-3.html
 * }</pre>
 *
 * <p>Why here and not in the test kit: a card is a production governance artifact (auditors and
 * reviewers read it next to the registry), built only from what the registry holds, so a service
 * or a batch job can produce it without depending on test libraries.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ModelCard {
  /** The JSON layout this library writes. */
  public static final int SCHEMA_VERSION = 1;

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private final VersionId version;
  private final ObjectNode document;

  private ModelCard(VersionId version, ObjectNode document) {
    this.version = version;
    this.document = document;
  }

  /**
   * Starts generating the card of a version.
   *
   * @param registry the registry holding the version, its runs and evidence
   * @param ref the version, as {@code name/version}, {@code name@alias} or {@code name}
   * @return a builder
   */
  public static Builder builder(ModelRegistry registry, String ref) {
    return new Builder(registry, ref);
  }

  /**
   * Returns the version the card describes.
   *
   * @return its id
   */
  public VersionId version() {
    return version;
  }

  /**
   * Returns the card as a JSON tree (a copy; changing it does not change the card).
   *
   * @return the document
   */
  public ObjectNode json() {
    return document.deepCopy();
  }

  /**
   * Returns the card as RFC 8785 canonical JSON: the same card gives the same bytes.
   *
   * @return the JSON text
   */
  public String toJson() {
    return CanonicalJson.canonicalString(document);
  }

  /**
   * Returns the card as pretty-printed JSON for people.
   *
   * @return the JSON text
   */
  public String toPrettyJson() {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  /**
   * Renders the card as a self-contained HTML page (no script, no external resource; a content
   * security policy forbids both), every value escaped.
   *
   * @return the HTML text
   */
  public String toHtml() {
    return ModelCardHtml.render(document);
  }

  /**
   * Writes {@code NAME-VERSION.json} and {@code NAME-VERSION.html} into a directory (created if
   * needed), each replaced atomically.
   *
   * @param dir the directory
   * @return the HTML file's path
   * @throws StoreException if the files cannot be written
   */
  public Path write(Path dir) {
    String base = version.name() + "-" + version.version();
    try {
      Files.createDirectories(dir);
      AtomicFiles.write(dir, dir.resolve(base + ".json"), toPrettyJson().getBytes(StandardCharsets.UTF_8));
      Path html = dir.resolve(base + ".html");
      AtomicFiles.write(dir, html, toHtml().getBytes(StandardCharsets.UTF_8));
      return html;
    } catch (IOException e) {
      throw new StoreException(dir.toString(), "Could not write the model card of " + version + " to " + dir + ": "
          + e.getMessage(), e);
    }
  }

  /**
   * Tells which section of a card an evidence result belongs to: {@code fairness} for fairness gaps
   * (metric names with "parity", "opportunity", "odds" or starting with "fairness"), {@code slice} for
   * other results computed on a slice, {@code metric} otherwise.
   *
   * @param r the result
   * @return the section's name
   */
  public static String sectionOf(EvidenceResult r) {
    String m = r.metric().toLowerCase(Locale.ROOT);
    if (m.contains("parity") || m.contains("opportunity") || m.contains("odds") || m.startsWith("fairness")) {
      return "fairness";
    }
    return r.slice().isPresent() ? "slice" : "metric";
  }

  @Override
  public String toString() {
    return "ModelCard[" + version + "]";
  }

  /**
   * Generates a {@link ModelCard}. Not thread-safe.
   */
  public static final class Builder {
    private final ModelRegistry registry;
    private final String ref;
    private ModelCardFields fields = ModelCardFields.NONE;
    private GlobalImportance importance;
    private int topFeatures = 10;
    private Clock clock = Clock.systemUTC();

    private Builder(ModelRegistry registry, String ref) {
      this.registry = Objects.requireNonNull(registry, "registry");
      this.ref = Objects.requireNonNull(ref, "ref");
    }

    /**
     * Sets the fields people write.
     *
     * @param userFields the fields
     * @return this builder
     */
    public Builder fields(ModelCardFields userFields) {
      this.fields = Objects.requireNonNull(userFields, "userFields");
      return this;
    }

    /**
     * Adds the model's global feature importance; the card lists its top features.
     *
     * @param globalImportance the importance, e.g. permutation importance on a holdout set
     * @return this builder
     */
    public Builder importance(GlobalImportance globalImportance) {
      this.importance = Objects.requireNonNull(globalImportance, "globalImportance");
      return this;
    }

    /**
     * Sets how many features the card lists (default 10).
     *
     * @param count at least 1
     * @return this builder
     * @throws IllegalArgumentException if the count is below 1
     */
    public Builder topFeatures(int count) {
      if (count < 1) {
        throw new IllegalArgumentException("count must be at least 1");
      }
      this.topFeatures = count;
      return this;
    }

    /**
     * Sets the clock that stamps the card's generation time (default: the UTC system clock).
     *
     * @param c the clock
     * @return this builder
     */
    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c, "c");
      return this;
    }

    /**
     * Reads everything the card shows from the registry and builds it.
     *
     * @return the card
     * @throws dev.mlops.core.NotFoundException if the version does not exist
     * @throws dev.mlops.core.IntegrityException if the manifest or an evidence document does not verify
     */
    public ModelCard build() {
      ModelVersion v = registry.get(ref);
      ObjectNode root = F.objectNode();
      root.put("schemaVersion", SCHEMA_VERSION);
      root.put("generatedAt", clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString());
      root.set("model", model(v));
      ArrayNode owners = root.putArray("owners");
      fields.owners().forEach(owners::add);
      root.put("intendedUse", fields.intendedUse());
      root.put("limitations", fields.limitations());
      root.set("lineage", lineage(v));
      Optional<RunRecord> run = Tracking.of(registry).runOf(v);
      root.set("training", run.isPresent() ? training(run.get()) : F.nullNode());
      root.set("evidence", evidence(v));
      ArrayNode approvals = root.putArray("approvals");
      for (Approval a : registry.approvals(v.id().toString())) {
        approvals.addObject().put("approver", a.approver()).put("comment", a.comment()).put("at", a.at().toString())
            .put("manifestDigest", a.manifestDigest().toString());
      }
      root.set("topFeatures", importance == null ? F.nullNode() : topFeatures(importance, topFeatures));
      return new ModelCard(v.id(), root);
    }

    private ObjectNode model(ModelVersion v) {
      ObjectNode m = F.objectNode();
      m.put("name", v.name());
      m.put("version", v.version());
      m.put("kind", v.kind().id());
      m.put("manifestDigest", v.manifestDigest().toString());
      m.put("format", v.manifest().format().id());
      m.put("status", v.status().id());
      m.put("statusReason", v.statusReason());
      m.put("description", v.description());
      m.put("registeredAt", v.registeredAt().toString());
      m.put("registeredBy", v.registeredBy());
      ArrayNode aliases = m.putArray("aliases");
      registry.aliases(v.name()).forEach((alias, n) -> {
        if (n == v.version()) {
          aliases.add(alias);
        }
      });
      m.set("tags", strings(v.tags()));
      m.set("metadata", strings(v.manifest().metadata()));
      Optional<ModelSignature> sig = v.manifest().signature();
      if (sig.isPresent()) {
        ObjectNode s = m.putObject("signature");
        ArrayNode inputs = s.putArray("inputs");
        for (FeatureSpec f : sig.get().inputs().features()) {
          inputs.addObject().put("name", f.name()).put("type", f.type().id());
        }
        s.put("outputKind", sig.get().output().kind().id());
        ArrayNode names = s.putArray("outputNames");
        sig.get().output().names().forEach(names::add);
      } else {
        m.set("signature", F.nullNode());
      }
      return m;
    }

    private static ObjectNode lineage(ModelVersion v) {
      ObjectNode l = F.objectNode();
      l.put("runId", v.manifest().lineage().runId().orElse(null));
      ArrayNode parents = l.putArray("parents");
      v.manifest().lineage().parents().forEach(p -> parents.add(p.toString()));
      ArrayNode datasets = l.putArray("datasets");
      v.manifest().lineage().datasets().forEach(d -> datasets.add(d.toString()));
      return l;
    }

    private ObjectNode training(RunRecord r) {
      ObjectNode t = F.objectNode();
      t.put("runId", r.runId());
      t.put("experiment", r.experiment());
      t.put("name", r.name());
      t.put("status", r.status().name().toLowerCase(Locale.ROOT));
      t.put("startedAt", r.startedAt().toString());
      t.put("endedAt", r.endedAt().map(Object::toString).orElse(null));
      t.set("params", strings(r.params()));
      ObjectNode metrics = t.putObject("metrics");
      r.metrics().forEach((k, val) -> {
        if (Double.isFinite(val)) {
          metrics.put(k, val);
        } else {
          metrics.put(k, String.valueOf(val)); // canonical JSON has no NaN; keep it visible as text
        }
      });
      ObjectNode seeds = t.putObject("seeds");
      r.seeds().forEach(seeds::put);
      ArrayNode datasets = t.putArray("datasets");
      for (DatasetInput d : r.datasets()) {
        ObjectNode o = datasets.addObject();
        o.put("digest", d.digest().toString()).put("source", d.source()).put("role", d.role().name().toLowerCase(Locale.ROOT))
            .put("rowCount", d.rowCount());
        ArrayNode schema = o.putArray("schema");
        d.schema().forEach(schema::add);
      }
      t.set("environment", strings(r.environment()));
      Map<String, String> provenance;
      try {
        provenance = Tracking.of(registry).provenance(r);
      } catch (InvalidInputException e) {
        provenance = Map.of("error", e.getMessage());
      }
      t.set("provenance", strings(provenance));
      return t;
    }

    private ArrayNode evidence(ModelVersion v) {
      ArrayNode out = F.arrayNode();
      for (EvidenceRef ref : registry.evidence(v.id().toString())) {
        Evidence e = registry.readEvidence(ref);
        ObjectNode o = out.addObject();
        o.put("kind", e.kind()).put("suite", e.suite()).put("digest", ref.digest().toString()).put("passed", e.passed())
            .put("createdAt", e.createdAt().toString()).put("attachedAt", ref.attachedAt().toString())
            .put("attachedBy", ref.attachedBy()).put("manifestDigest", e.manifestDigest().toString());
        o.set("properties", strings(e.properties()));
        ArrayNode attachments = o.putArray("attachments");
        for (EvidenceAttachment a : e.attachments()) {
          attachments.addObject().put("name", a.name()).put("mediaType", a.mediaType()).put("digest", a.digest().toString())
              .put("size", a.size());
        }
        ArrayNode results = o.putArray("results");
        for (EvidenceResult r : e.results()) {
          ObjectNode x = results.addObject();
          x.put("name", r.name()).put("metric", r.metric()).put("value", r.value()).put("passed", r.passed())
              .put("message", r.message()).put("section", sectionOf(r));
          r.lower().ifPresent(d -> x.put("lower", d));
          r.upper().ifPresent(d -> x.put("upper", d));
          r.threshold().ifPresent(d -> x.put("threshold", d));
          r.slice().ifPresent(s -> x.put("slice", s));
        }
      }
      return out;
    }

    private static ObjectNode topFeatures(GlobalImportance gi, int count) {
      ObjectNode o = F.objectNode();
      o.put("method", gi.method().name().toLowerCase(Locale.ROOT));
      o.put("measure", gi.measure());
      o.put("repeats", gi.repeats());
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < gi.features().size(); i++) {
        order.add(i);
      }
      order.sort(Comparator.comparingDouble((Integer i) -> -Math.abs(gi.importances().get(i)))
          .thenComparing(i -> gi.features().get(i)));
      ArrayNode features = o.putArray("features");
      for (int i : order.subList(0, Math.min(count, order.size()))) {
        features.addObject().put("name", gi.features().get(i)).put("importance", gi.importances().get(i))
            .put("lower", gi.lower().get(i)).put("upper", gi.upper().get(i));
      }
      return o;
    }

    private static ObjectNode strings(Map<String, String> map) {
      ObjectNode o = F.objectNode();
      new java.util.TreeMap<>(map).forEach(o::put);
      return o;
    }
  }

  /**
   * Reads a card's JSON back as a tree, checking its schema version.
   *
   * @param json the JSON text written by {@link #toJson()} or {@link #toPrettyJson()}
   * @return the tree
   * @throws InvalidInputException if the text is not JSON or its schema version is not supported
   */
  public static JsonNode readJson(String json) {
    JsonNode n;
    try {
      n = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException("card", "The model card is not valid JSON.");
    }
    if (n == null || !n.path("schemaVersion").canConvertToInt() || n.path("schemaVersion").asInt() < 1
        || n.path("schemaVersion").asInt() > SCHEMA_VERSION) {
      throw new InvalidInputException("schemaVersion", "The model card's schemaVersion is missing or newer than "
          + SCHEMA_VERSION + "; upgrade the library.");
    }
    return n;
  }
}
