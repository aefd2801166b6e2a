package dev.mlops.registry;

import dev.mlops.core.ConflictException;
import dev.mlops.core.Digest;
import dev.mlops.core.IntegrityException;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.StoreException;
import dev.mlops.core.artifact.ArtifactFile;
import dev.mlops.core.artifact.ArtifactManifest;
import dev.mlops.core.store.BlobInfo;
import dev.mlops.core.store.BlobStore;
import dev.mlops.registry.evidence.Evidence;
import dev.mlops.registry.evidence.EvidenceAttachment;
import dev.mlops.registry.run.RunQuery;
import dev.mlops.registry.run.RunRecord;
import dev.mlops.registry.run.spi.RunSnapshot;
import dev.mlops.registry.run.spi.RunStore;
import dev.mlops.registry.spi.MetadataStore;
import dev.mlops.registry.spi.ModelSnapshot;
import dev.mlops.registry.spi.VersionRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a whole registry from one store pair to another (a file store to PostgreSQL plus an object
 * store, and back): every version with its original number, registration time and state, every
 * alias and tag, every audit event with its original sequence number, and, when run stores are given
 * ({@link Builder#runs}), every training run of every experiment with all it recorded (parameters,
 * metrics with their history, tags, data sets, seeds, environment, provenance, status, parent and
 * version links) and the blobs of its artifacts. This is how a team that outgrew one machine moves
 * without losing its history.
 *
 * <pre>{@code
 * CopyReport plan = RegistryCopy.builder().source(fileBlobs, fileMeta).target(s3Blobs, pgMeta)
 *     .runs(fileRuns, pgRuns).dryRun(true).build().run();
 * System.out.println(plan);                    // what would move
 * CopyReport done = RegistryCopy.builder().source(fileBlobs, fileMeta).target(s3Blobs, pgMeta).build().run();
 * }</pre>
 *
 * <p><b>How.</b> The copy first plans: for each model of the source it reads a snapshot
 * ({@link MetadataStore#exportModel}) and compares it with the target. A model the target already holds
 * identically is skipped; a model the target holds differently stops the copy before anything is
 * written ({@link ConflictException}). Then, model by model, it copies the blobs each version's
 * manifest names, streaming them with their digests verified on read and checked again on write
 * (blobs the target already has are not copied again), checks every manifest against its recorded
 * digest, and imports the model's metadata in one atomic step ({@link MetadataStore#importModel}).
 * Runs are planned the same way ({@link RunStore#exportRun} on both sides, the whole snapshot compared;
 * a run whose id the target holds with other content is a {@link ConflictException} raised while
 * planning, before anything is written) and copied after the models, in start order, each with its
 * artifacts' blobs first and then its record in one atomic step ({@link RunStore#importRun}).
 *
 * <p><b>Resuming.</b> A copy that is interrupted (a crash, a lost connection) leaves whole models in
 * the target and, at most, some blobs of the next model (or run); running the same copy again skips
 * both and finishes the rest. Copy from a source nobody writes to while it runs.
 *
 * <p>Instances are immutable and thread-safe; {@link #run()} may be called again to resume.
 */
public final class RegistryCopy {
  private static final Logger LOG = LoggerFactory.getLogger(RegistryCopy.class);

  private final BlobStore sourceBlobs;
  private final MetadataStore sourceMeta;
  private final BlobStore targetBlobs;
  private final MetadataStore targetMeta;
  private final boolean dryRun;
  private final RunStore sourceRuns;
  private final RunStore targetRuns;

  private RegistryCopy(Builder b) {
    this.sourceBlobs = b.sourceBlobs;
    this.sourceMeta = b.sourceMeta;
    this.targetBlobs = b.targetBlobs;
    this.targetMeta = b.targetMeta;
    this.dryRun = b.dryRun;
    this.sourceRuns = b.sourceRuns;
    this.targetRuns = b.targetRuns;
  }

  /**
   * Starts configuring a copy.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * What happens to one model (or one run).
   *
   * <p>Enum constants are immutable and thread-safe.
   */
  public enum ModelAction {
    /** The target does not hold the model (run): it is (or, in a dry run, would be) copied. */
    COPY,
    /** The target holds exactly the same model (run): nothing to do. */
    ALREADY_PRESENT
  }

  /**
   * The plan or outcome for one model.
   *
   * <p>Instances are immutable and thread-safe.
   *
   * @param name the model name
   * @param action what is done with it
   * @param versions its versions
   * @param aliases its aliases
   * @param auditEvents its audit events
   * @param blobsCopied blobs copied (or, in a dry run, to copy)
   * @param blobsPresent blobs the target already held
   * @param bytesCopied bytes of the blobs copied (or to copy)
   */
  public record ModelCopy(String name, ModelAction action, int versions, int aliases, int auditEvents, int blobsCopied,
      int blobsPresent, long bytesCopied) {}

  /**
   * The plan or outcome for one training run.
   *
   * <p>Instances are immutable and thread-safe.
   *
   * @param runId the run id
   * @param experiment its experiment
   * @param action what is done with it
   * @param metricPoints the metric points of its history
   * @param artifacts its artifacts
   * @param blobsCopied blobs of its artifacts copied (or, in a dry run, to copy)
   * @param blobsPresent blobs the target already held (or that an earlier model or run copies)
   * @param bytesCopied bytes of the blobs copied (or to copy)
   */
  public record RunCopy(String runId, String experiment, ModelAction action, int metricPoints, int artifacts,
      int blobsCopied, int blobsPresent, long bytesCopied) {}

  /**
   * The result of {@link #run()}.
   *
   * <p>Instances are immutable and thread-safe.
   *
   * @param dryRun whether nothing was written
   * @param models one entry per model of the source, sorted by name
   * @param runs one entry per run of the source, by experiment and then in start order; empty when no
   *     run stores were given
   */
  public record CopyReport(boolean dryRun, List<ModelCopy> models, List<RunCopy> runs) {
    /**
     * Copies the lists.
     *
     * @param dryRun whether nothing was written
     * @param models the models
     * @param runs the runs
     */
    public CopyReport {
      models = List.copyOf(models);
      runs = List.copyOf(runs);
    }

    /**
     * Counts the runs copied (or to copy).
     *
     * @return the count
     */
    public int runsCopied() {
      return (int) runs.stream().filter(r -> r.action() == ModelAction.COPY).count();
    }

    /**
     * Counts the models copied (or to copy).
     *
     * @return the count
     */
    public int modelsCopied() {
      return (int) models.stream().filter(m -> m.action() == ModelAction.COPY).count();
    }

    /**
     * Counts the versions of the models copied (or to copy).
     *
     * @return the count
     */
    public int versionsCopied() {
      return models.stream().filter(m -> m.action() == ModelAction.COPY).mapToInt(ModelCopy::versions).sum();
    }

    /**
     * Counts the blobs copied (or to copy).
     *
     * @return the count
     */
    public int blobsCopied() {
      return models.stream().mapToInt(ModelCopy::blobsCopied).sum() + runs.stream().mapToInt(RunCopy::blobsCopied).sum();
    }

    /**
     * Sums the bytes copied (or to copy).
     *
     * @return the bytes
     */
    public long bytesCopied() {
      return models.stream().mapToLong(ModelCopy::bytesCopied).sum() + runs.stream().mapToLong(RunCopy::bytesCopied).sum();
    }

    @Override
    public String toString() {
      StringBuilder s = new StringBuilder(dryRun ? "Would copy " : "Copied ").append(modelsCopied()).append(" of ")
          .append(models.size()).append(" models (").append(versionsCopied()).append(" versions, ").append(blobsCopied())
          .append(" blobs, ").append(bytesCopied()).append(" bytes)");
      if (!runs.isEmpty()) {
        s.append("; ").append(runsCopied()).append(" of ").append(runs.size()).append(" runs");
      }
      for (ModelCopy m : models) {
        s.append("\n  ").append(m.name()).append(": ").append(m.action() == ModelAction.COPY ? (dryRun ? "copy " : "copied ") : "already present, ")
            .append(m.versions()).append(" versions, ").append(m.aliases()).append(" aliases, ").append(m.auditEvents())
            .append(" audit events, ").append(m.blobsCopied()).append(" blobs to copy, ").append(m.blobsPresent())
            .append(" already there");
      }
      for (RunCopy r : runs) {
        s.append("\n  run ").append(r.experiment()).append('/').append(r.runId()).append(": ")
            .append(r.action() == ModelAction.COPY ? (dryRun ? "copy " : "copied ") : "already present, ")
            .append(r.metricPoints()).append(" metric points, ").append(r.artifacts()).append(" artifacts, ")
            .append(r.blobsCopied()).append(" blobs to copy, ").append(r.blobsPresent()).append(" already there");
      }
      return s.toString();
    }
  }

  /**
   * Plans the copy and, unless it is a dry run, carries it out.
   *
   * @return what was copied (or would be)
   * @throws ConflictException if the target holds a model or run that differs from the source's;
   *     nothing is then written
   * @throws IntegrityException if a manifest or blob of the source does not match its digest; the
   *     models copied before it stay copied, and the rest is not
   * @throws StoreException if a store fails; run the copy again to resume
   */
  public CopyReport run() {
    List<ModelSnapshot> toCopy = new ArrayList<>();
    Map<String, ModelCopy> plan = new LinkedHashMap<>();
    for (String name : sourceMeta.names()) {
      ModelSnapshot snap = sourceMeta.exportModel(name).orElseThrow(() -> new StoreException(sourceMeta.describe(),
          "Model '" + name + "' disappeared from the source while it was copied; copy from a store nobody writes to.", null));
      Optional<ModelSnapshot> there = targetMeta.exportModel(name);
      if (there.isPresent()) {
        if (!there.get().equals(snap)) {
          throw new ConflictException(name, "the source's history", "a different history in " + targetMeta.describe(),
              "The target already holds model '" + name + "' with a different history (" + there.get().versions().size()
                  + " versions, " + there.get().auditLog().size() + " events; the source has " + snap.versions().size()
                  + " and " + snap.auditLog().size() + "). Nothing was copied; copy into an empty store.");
        }
        plan.put(name, new ModelCopy(name, ModelAction.ALREADY_PRESENT, snap.versions().size(), snap.aliases().size(),
            snap.auditLog().size(), 0, 0, 0));
      } else {
        toCopy.add(snap);
      }
    }
    List<RunSnapshot> runsToCopy = new ArrayList<>();
    List<RunCopy> runs = planRuns(runsToCopy);
    Set<Digest> planned = new HashSet<>(); // a dry run counts a blob shared by models and runs once
    for (ModelSnapshot snap : toCopy) {
      BlobCount n = blobs(blobsOf(snap).values(), "model '" + snap.name() + "'", planned);
      if (!dryRun) {
        targetMeta.importModel(snap);
        LOG.info("Copied model '{}': {} versions, {} audit events, {} blobs", snap.name(), snap.versions().size(),
            snap.auditLog().size(), n.copied);
      }
      plan.put(snap.name(), new ModelCopy(snap.name(), ModelAction.COPY, snap.versions().size(), snap.aliases().size(),
          snap.auditLog().size(), n.copied, n.present, n.bytes));
    }
    Map<String, RunCopy> runPlan = new LinkedHashMap<>();
    runs.forEach(r -> runPlan.put(r.runId(), r));
    for (RunSnapshot snap : runsToCopy) {
      RunRecord r = snap.run();
      List<ArtifactFile> files = new ArrayList<>();
      r.artifacts().forEach(a -> files.add(new ArtifactFile(a.path(), a.digest(), a.size())));
      BlobCount n = blobs(files, "run " + r.runId(), planned);
      if (!dryRun) {
        targetRuns.importRun(snap);
        LOG.info("Copied run {} of experiment '{}': {} metric points, {} blobs", r.runId(), r.experiment(),
            snap.history().size(), n.copied);
      }
      runPlan.put(r.runId(), new RunCopy(r.runId(), r.experiment(), ModelAction.COPY, snap.history().size(),
          r.artifacts().size(), n.copied, n.present, n.bytes));
    }
    List<ModelCopy> models = new ArrayList<>(plan.values());
    models.sort((a, b) -> a.name().compareTo(b.name()));
    return new CopyReport(dryRun, models, new ArrayList<>(runPlan.values()));
  }

  /**
   * Reads every run of the source and compares it with the target's: returns one entry per run (runs
   * to copy get a placeholder, replaced once copied) and adds the runs to copy to {@code toCopy}.
   */
  private List<RunCopy> planRuns(List<RunSnapshot> toCopy) {
    List<RunCopy> out = new ArrayList<>();
    if (sourceRuns == null) {
      return out;
    }
    for (String experiment : sourceRuns.experiments()) {
      RunQuery all = RunQuery.builder().experiment(experiment).limit(Integer.MAX_VALUE).build();
      for (RunRecord listed : sourceRuns.query(all)) {
        RunSnapshot snap = sourceRuns.exportRun(listed.runId()).orElseThrow(() -> new StoreException(
            sourceRuns.describe(), "Run " + listed.runId() + " disappeared from the source while it was copied; copy"
                + " from a store nobody writes to.", null));
        Optional<RunSnapshot> there = targetRuns.exportRun(snap.run().runId());
        if (there.isPresent() && !there.get().equals(snap)) {
          throw new ConflictException("run " + snap.run().runId(), "the source's run", "a different run in "
              + targetRuns.describe(), "The target already holds run " + snap.run().runId() + " (experiment '"
              + there.get().run().experiment() + "', " + there.get().run().status() + ") with other content than the"
              + " source's (" + snap.run().status() + "). Nothing was copied; copy into an empty run store.");
        }
        ModelAction action = there.isPresent() ? ModelAction.ALREADY_PRESENT : ModelAction.COPY;
        if (there.isEmpty()) {
          toCopy.add(snap);
        }
        out.add(new RunCopy(snap.run().runId(), experiment, action, snap.history().size(),
            snap.run().artifacts().size(), 0, 0, 0));
      }
    }
    return out;
  }

  /** Blobs copied (or, in a dry run, to copy), blobs already there, and bytes copied. */
  private static final class BlobCount {
    int copied;
    int present;
    long bytes;
  }

  /** Copies the blobs the target lacks (in a dry run, only counts them); {@code planned} are counted once. */
  private BlobCount blobs(Iterable<ArtifactFile> files, String owner, Set<Digest> planned) {
    BlobCount n = new BlobCount();
    for (ArtifactFile f : files) {
      if (planned.contains(f.digest()) || targetBlobs.contains(f.digest())) {
        n.present++;
        continue;
      }
      if (dryRun) {
        planned.add(f.digest());
      } else {
        copyBlob(f, owner);
      }
      n.copied++;
      n.bytes += f.size();
    }
    return n;
  }

  private void copyBlob(ArtifactFile f, String owner) {
    BlobInfo stored;
    try (InputStream in = sourceBlobs.open(f.digest())) {
      stored = targetBlobs.put(in); // the source stream verifies its digest as it reaches the end
    } catch (IOException e) {
      throw new StoreException(sourceBlobs.describe(), "Could not read blob " + f.digest() + " of " + owner
          + ": " + e.getMessage() + ". Run the copy again to resume.", e);
    }
    if (!stored.digest().equals(f.digest()) || stored.size() != f.size()) {
      throw new IntegrityException(f.digest().toString(), f.digest() + " (" + f.size() + " bytes)",
          stored.digest() + " (" + stored.size() + " bytes)", "Blob " + f.path() + " of " + owner
              + " arrived in " + targetBlobs.describe() + " with other bytes than recorded; check both stores.");
    }
  }

  /** The distinct blobs the model's manifests and evidence name, each manifest checked against its recorded digest. */
  private Map<Digest, ArtifactFile> blobsOf(ModelSnapshot snap) {
    Map<Digest, ArtifactFile> out = new LinkedHashMap<>();
    for (VersionRecord r : snap.versions()) {
      byte[] json = r.manifestJson().getBytes(StandardCharsets.UTF_8);
      Digest actual = Digest.sha256(json);
      if (!actual.equals(r.manifestDigest())) {
        throw new IntegrityException(r.id().toString(), r.manifestDigest().toString(), actual.toString(),
            "The manifest of " + r.id() + " in " + sourceMeta.describe() + " does not match its recorded digest; it was"
                + " not copied. Restore it from a backup, then run the copy again.");
      }
      ArtifactManifest m;
      try {
        m = ArtifactManifest.parse(json);
      } catch (InvalidInputException e) {
        throw new IntegrityException(r.id().toString(), "a valid manifest", e.getMessage(),
            "The manifest of " + r.id() + " cannot be read (" + e.getMessage() + "); it was not copied.", e);
      }
      for (ArtifactFile f : m.files()) {
        out.putIfAbsent(f.digest(), f);
      }
    }
    for (AuditEvent e : snap.auditLog()) {         // evidence documents and their attachments
      if (e.action() != AuditAction.EVIDENCE_ADD || e.current().isEmpty()) {
        continue;
      }
      Digest d = Digest.parse(e.current().get());
      byte[] json = sourceBlobs.read(d);            // verified against its digest
      Evidence doc;
      try {
        doc = Evidence.parse(json);
      } catch (InvalidInputException ex) {
        throw new IntegrityException(d.toString(), "an evidence document", ex.getMessage(), "Evidence " + d + " of "
            + snap.name() + "/" + e.version() + " cannot be read (" + ex.getMessage() + "); it was not copied.", ex);
      }
      out.putIfAbsent(d, new ArtifactFile("evidence/" + d.hex() + ".json", d, json.length));
      for (EvidenceAttachment a : doc.attachments()) {
        out.putIfAbsent(a.digest(), new ArtifactFile("evidence/" + d.hex() + "/" + a.name(), a.digest(), a.size()));
      }
    }
    return out;
  }

  /** Configures a {@link RegistryCopy}. Not thread-safe. */
  public static final class Builder {
    private BlobStore sourceBlobs;
    private MetadataStore sourceMeta;
    private BlobStore targetBlobs;
    private MetadataStore targetMeta;
    private boolean dryRun;
    private boolean dryRunSet;
    private RunStore sourceRuns;
    private RunStore targetRuns;

    private Builder() {}

    /**
     * Sets the stores to copy from (the caller keeps ownership).
     *
     * @param blobs the source blob store
     * @param metadata the source metadata store
     * @return this builder
     * @throws IllegalStateException if the source was already set
     */
    public Builder source(BlobStore blobs, MetadataStore metadata) {
      if (sourceMeta != null) {
        throw new IllegalStateException("the source was already set to " + sourceMeta.describe());
      }
      this.sourceBlobs = Objects.requireNonNull(blobs, "blobs");
      this.sourceMeta = Objects.requireNonNull(metadata, "metadata");
      return this;
    }

    /**
     * Sets the stores to copy into (the caller keeps ownership).
     *
     * @param blobs the target blob store
     * @param metadata the target metadata store
     * @return this builder
     * @throws IllegalStateException if the target was already set
     */
    public Builder target(BlobStore blobs, MetadataStore metadata) {
      if (targetMeta != null) {
        throw new IllegalStateException("the target was already set to " + targetMeta.describe());
      }
      this.targetBlobs = Objects.requireNonNull(blobs, "blobs");
      this.targetMeta = Objects.requireNonNull(metadata, "metadata");
      return this;
    }

    /**
     * Copies training runs too: every run of every experiment of {@code source}, with the blobs of its
     * artifacts (read from the source blob store, written to the target's). Without this call, runs are
     * not copied. The caller keeps ownership of both stores.
     *
     * @param source the source run store
     * @param target the target run store
     * @return this builder
     * @throws IllegalStateException if the run stores were already set
     */
    public Builder runs(RunStore source, RunStore target) {
      if (sourceRuns != null) {
        throw new IllegalStateException("the run stores were already set to " + sourceRuns.describe());
      }
      this.sourceRuns = Objects.requireNonNull(source, "source");
      this.targetRuns = Objects.requireNonNull(target, "target");
      return this;
    }

    /**
     * Chooses a dry run: plan and report, write nothing (default {@code false}).
     *
     * @param enabled whether to only report
     * @return this builder
     * @throws IllegalStateException if it was already set
     */
    public Builder dryRun(boolean enabled) {
      if (dryRunSet) {
        throw new IllegalStateException("dryRun was already set to " + dryRun);
      }
      this.dryRun = enabled;
      this.dryRunSet = true;
      return this;
    }

    /**
     * Builds the copy.
     *
     * @return the copy, ready to {@link RegistryCopy#run()}
     * @throws IllegalStateException if the source or target is missing
     * @throws IllegalArgumentException if source and target are the same metadata store, or the same run
     *     store
     */
    public RegistryCopy build() {
      if (sourceMeta == null || targetMeta == null) {
        throw new IllegalStateException("set both source(...) and target(...)");
      }
      if (sourceMeta == targetMeta) {
        throw new IllegalArgumentException("the source and target metadata stores are the same store");
      }
      if (sourceRuns != null && sourceRuns == targetRuns) {
        throw new IllegalArgumentException("the source and target run stores are the same store");
      }
      return new RegistryCopy(this);
    }
  }
}
