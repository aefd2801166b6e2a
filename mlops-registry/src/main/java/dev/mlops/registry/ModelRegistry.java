package dev.mlops.registry;

import dev.mlops.core.ConflictException;
import dev.mlops.core.Digest;
import dev.mlops.core.IntegrityException;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.Names;
import dev.mlops.core.NotFoundException;
import dev.mlops.core.StoreException;
import dev.mlops.core.artifact.ArtifactFile;
import dev.mlops.core.artifact.ArtifactFormat;
import dev.mlops.core.artifact.ArtifactKind;
import dev.mlops.core.artifact.ArtifactManifest;
import dev.mlops.core.artifact.VersionId;
import dev.mlops.core.model.PredictorLoader;
import dev.mlops.core.model.TabularPredictor;
import dev.mlops.core.signing.ManifestSignature;
import dev.mlops.core.signing.ManifestSigner;
import dev.mlops.core.signing.TrustPolicy;
import dev.mlops.core.store.AtomicFiles;
import dev.mlops.core.store.BlobInfo;
import dev.mlops.core.store.BlobStore;
import dev.mlops.core.store.BlobStores;
import dev.mlops.core.store.StoredBlob;
import dev.mlops.registry.evidence.Evidence;
import dev.mlops.registry.evidence.EvidenceAttachment;
import dev.mlops.registry.evidence.EvidenceRef;
import dev.mlops.registry.promotion.Approval;
import dev.mlops.registry.promotion.MissingPrincipalException;
import dev.mlops.registry.promotion.PromotionPolicy;
import dev.mlops.registry.promotion.PromotionRefusedException;
import dev.mlops.registry.promotion.PromotionRequest;
import dev.mlops.registry.promotion.UnmetRequirement;
import dev.mlops.registry.run.spi.RunStore;
import dev.mlops.registry.run.spi.RunStores;
import dev.mlops.registry.run.store.InMemoryRunStore;
import dev.mlops.registry.spi.MetadataStore;
import dev.mlops.registry.spi.MetadataStores;
import dev.mlops.registry.spi.NewVersion;
import dev.mlops.registry.spi.VersionRecord;
import dev.mlops.registry.spi.VersionState;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model registry: versions, aliases, tags, lineage, statuses, signatures and an audit log over a
 * {@link BlobStore} (the bytes) and a {@link MetadataStore} (everything else).
 *
 * <pre>{@code
 * try (ModelRegistry registry = ModelRegistry.open(Path.of("mlops-data"))) {
 *   ModelVersion v = registry.register(Registration.model("fraud", model).build());
 *   registry.setAlias("fraud", "champion", v.version());
 *   try (TabularPredictor p = registry.load("fraud@champion")) {
 *     Prediction out = p.predict(Map.of("amount", 120.0, "age", 31));
 *   }
 * }
 * }</pre>
 *
 * <p><b>Guarantees.</b> Versions of a name are numbered 1, 2, 3, ... and never reused, even under
 * concurrent registration from many threads and processes. A registration is visible complete (its
 * bytes stored, its manifest and state recorded, its audit event written) or not at all. Every load
 * recomputes the digests of the bytes it returns: corrupted or tampered bytes raise
 * {@link IntegrityException} and never yield a model. Nothing is deleted: versions are deprecated or
 * archived. Every change is recorded in the model's append-only audit log with the principal that
 * made it. The only bytes ever removed are blobs no version references, by {@link #gc(Duration)}.
 *
 * <p><b>Principal.</b> "Who" in the audit log comes from the principal supplier set with
 * {@link Builder#principal(Supplier)}: a host application passes its authenticated user or service
 * identity. The default is the operating-system user running the JVM ({@code user.name}).
 *
 * <p>Instances are thread-safe and meant to be shared; several processes may open registries on the
 * same stores.
 */
public final class ModelRegistry implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);
  private static final int CAS_RETRIES = 100;

  private final BlobStore blobs;
  private final MetadataStore metadata;
  private final boolean ownsBlobs;
  private final boolean ownsMetadata;
  private final RunStore runs;
  private final boolean ownsRuns;
  private final Supplier<String> principal;
  private final boolean principalConfigured;
  private final PromotionPolicy promotionPolicy;
  private final ManifestSigner signer;
  private final TrustPolicy trustPolicy;
  private final Clock clock;
  private final List<PredictorLoader> loaders;
  private volatile ScheduledExecutorService refresher;

  private ModelRegistry(Builder b, BlobStore blobs, MetadataStore metadata, RunStore runs) {
    this.blobs = blobs;
    this.metadata = metadata;
    this.runs = runs;
    this.ownsRuns = b.runStore == null;
    this.ownsBlobs = b.blobStore == null;
    this.ownsMetadata = b.metadataStore == null;
    this.principal = b.principal != null ? b.principal : () -> System.getProperty("user.name", "unknown");
    this.principalConfigured = b.principal != null;
    this.promotionPolicy = b.promotionPolicy != null ? b.promotionPolicy : PromotionPolicy.none();
    this.signer = b.signer;
    this.trustPolicy = b.trustPolicy != null ? b.trustPolicy : TrustPolicy.none();
    this.clock = b.clock != null ? b.clock : Clock.systemUTC();
    List<PredictorLoader> found = new ArrayList<>(b.loaders);
    ServiceLoader.load(PredictorLoader.class, ModelRegistry.class.getClassLoader()).forEach(found::add);
    this.loaders = List.copyOf(found);
  }

  /**
   * Opens a registry on the file-system stores under a directory (created if needed): the embedded
   * default.
   *
   * @param root the directory holding blobs and metadata
   * @return the registry; close it to release its stores
   * @throws StoreException if the directory is not usable
   */
  public static ModelRegistry open(Path root) {
    return builder().uri(root.toAbsolutePath().toUri()).build();
  }

  /**
   * Opens a registry whose blob and metadata stores are both named by one URI, such as
   * {@code file:/var/lib/models} or {@code mem:test}.
   *
   * @param uri the store URI
   * @return the registry; close it to release its stores
   * @throws InvalidInputException if no store provider supports the URI
   * @throws StoreException if a store cannot be opened
   */
  public static ModelRegistry open(URI uri) {
    return builder().uri(uri).build();
  }

  /**
   * Starts building a registry.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  // ------------------------------------------------------------------ register

  /**
   * Registers a new version: stores the files' bytes, records the manifest, signs it if a signer is
   * set, and writes the audit event, all or nothing.
   *
   * @param registration what to register
   * @return the new version, numbered one above the name's highest
   * @throws InvalidInputException if a file is empty or changed while it was read
   * @throws ConflictException if the name holds versions of another kind
   * @throws StoreException if a store cannot write; no version is then visible
   */
  public ModelVersion register(Registration registration) {
    Objects.requireNonNull(registration, "registration");
    String name = registration.name();
    requireSameKind(name, registration.kind());
    List<ArtifactFile> files = new ArrayList<>();
    for (Registration.FileSource src : registration.files()) {
      BlobInfo info;
      try {
        info = src.storeIn(blobs);
      } catch (IOException e) {
        throw new UncheckedIOException("could not read " + src.path() + " for registration", e);
      }
      if (info.size() != src.size()) {
        throw new InvalidInputException("path", "File '" + src.path() + "' changed size while it was registered ("
            + src.size() + " bytes, then " + info.size() + "); register it again once it is complete.");
      }
      files.add(new ArtifactFile(src.path(), info.digest(), info.size()));
    }
    Instant now = clock.instant();
    ArtifactManifest.Builder mb = ArtifactManifest.builder(registration.kind(), registration.format())
        .metadata(registration.metadata())
        .lineage(registration.lineage())
        .createdAt(now);
    files.forEach(mb::file);
    registration.signature().ifPresent(mb::signature);
    ArtifactManifest manifest = mb.build();
    if (registration.kind() == ArtifactKind.MODEL) {
      checkRegistration(name, manifest);
    }
    byte[] canonical = manifest.canonicalBytes();
    Digest digest = Digest.sha256(canonical);
    List<ManifestSignature> signatures = signer == null ? List.of() : List.of(signer.sign(digest));
    String who = principal();
    VersionState state = VersionState.initial(registration.tags(), registration.description(), signatures);
    AuditEvent event = new AuditEvent(0, now, who, AuditAction.REGISTER, name, 0, "", Optional.empty(),
        Optional.of(digest.toString()));
    VersionRecord r = metadata.createVersion(name,
        new NewVersion(registration.kind(), digest, new String(canonical, StandardCharsets.UTF_8), now, who, state), event);
    LOG.debug("Registered {} ({}, {} files, {} bytes) as {}", r.id(), registration.format(), files.size(),
        manifest.totalSize(), digest);
    return toVersion(r, manifest);
  }

  /** Lets the format's loader refuse an artifact that does not load or disagrees with its signature. */
  private void checkRegistration(String name, ArtifactManifest manifest) {
    Optional<PredictorLoader> loader = loaders.stream().filter(l -> l.supports(manifest.format())).findFirst();
    if (loader.isEmpty()) {
      return;
    }
    int next = metadata.versionNumbers(name).stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
    loader.get().checkRegistration(source(new VersionId(name, next), manifest));
  }

  /** Fails fast, before any byte is stored, when a name already holds the other kind. */
  private void requireSameKind(String name, ArtifactKind kind) {
    for (int n : metadata.versionNumbers(name)) {
      Optional<VersionRecord> first;
      try {
        first = metadata.getVersion(name, n);
      } catch (IntegrityException corrupt) {
        continue; // verify() reports it; the next readable version tells the kind
      }
      if (first.isPresent() && first.get().kind() != kind) {
        throw new ConflictException(name, kind.id(), first.get().kind().id(), "Name '" + name + "' holds "
            + first.get().kind().id() + " versions; a " + kind.id() + " cannot be registered under it. Choose another name.");
      }
      return;
    }
  }

  // ------------------------------------------------------------------ read

  /**
   * Reads a version by reference, verifying its manifest.
   *
   * @param ref {@code name}, {@code name/version} or {@code name@alias}
   * @return the version
   * @throws NotFoundException if the model, version or alias does not exist
   * @throws IntegrityException if the stored manifest does not match its digest or does not parse
   */
  public ModelVersion get(String ref) {
    return toVersion(resolve(ModelRef.parse(ref)));
  }

  /**
   * Reads one version, verifying its manifest.
   *
   * @param name the model name
   * @param version the version number
   * @return the version
   * @throws NotFoundException if it does not exist
   * @throws IntegrityException if the stored manifest does not match its digest or does not parse
   */
  public ModelVersion get(String name, int version) {
    return toVersion(resolve(new ModelRef.Version(name, version)));
  }

  /**
   * Lists a model's versions, ascending.
   *
   * @param name the model name
   * @return the versions; empty for an unknown name
   * @throws IntegrityException if a stored manifest does not verify
   */
  public List<ModelVersion> versions(String name) {
    Names.requireModelName(name);
    List<ModelVersion> out = new ArrayList<>();
    int after = 0;
    while (true) {
      List<VersionRecord> page = metadata.listVersions(name, after, 1000);
      if (page.isEmpty()) {
        return out;
      }
      page.forEach(r -> out.add(toVersion(r)));
      after = page.get(page.size() - 1).id().version();
    }
  }

  /**
   * Lists the names that have at least one version.
   *
   * @return the names, sorted
   */
  public List<String> names() {
    return metadata.names();
  }

  /**
   * Finds versions by name prefix, kind, status and tags.
   *
   * @param query the query
   * @return the matching versions, by name then version
   */
  public List<ModelVersion> search(VersionQuery query) {
    Objects.requireNonNull(query, "query");
    List<ModelVersion> out = new ArrayList<>();
    metadata.search(query).forEach(r -> out.add(toVersion(r)));
    return out;
  }

  /**
   * Reads a model's aliases.
   *
   * @param name the model name
   * @return alias to version number
   */
  public Map<String, Integer> aliases(String name) {
    return metadata.aliases(Names.requireModelName(name));
  }

  // ------------------------------------------------------------------ aliases

  /**
   * Points an alias at a version if the alias still points where the caller expects: a
   * compare-and-set, audited.
   *
   * @param name the model name
   * @param alias the alias, e.g. {@code champion}
   * @param version the version to point at
   * @param expectedCurrent the version the alias must point at now, or empty if it must be unset
   * @throws ConflictException if the alias points elsewhere (someone moved it), or the target
   *     version is archived
   * @throws PromotionRefusedException if the registry's promotion policy refuses the move (the alias is
   *     unchanged); it lists what is missing
   * @throws NotFoundException if the version does not exist
   */
  public void setAlias(String name, String alias, int version, OptionalInt expectedCurrent) {
    Objects.requireNonNull(expectedCurrent, "expectedCurrent");
    requireAliasTarget(name, alias, version);
    requirePromotionAllowed(name, alias, version);
    casAlias(name, alias, version, expectedCurrent);
  }

  /**
   * Points an alias at a version whatever it points at now (retrying the compare-and-set if another
   * writer moves it at the same moment). Audited with the value it replaced.
   *
   * @param name the model name
   * @param alias the alias
   * @param version the version to point at
   * @throws NotFoundException if the version does not exist
   * @throws ConflictException if the version is archived
   * @throws PromotionRefusedException if the registry's promotion policy refuses the move (the alias is
   *     unchanged); it lists what is missing
   */
  public void setAlias(String name, String alias, int version) {
    requireAliasTarget(name, alias, version);
    requirePromotionAllowed(name, alias, version);
    for (int i = 0; i < CAS_RETRIES; i++) {
      OptionalInt seen = metadata.alias(name, alias);
      try {
        casAlias(name, alias, version, seen);
        return;
      } catch (ConflictException e) {
        if (resolve(new ModelRef.Version(name, version)).state().status() == VersionStatus.ARCHIVED) {
          throw e; // the target was archived meanwhile: the store refused, retrying cannot help
        }
        LOG.debug("Alias {}@{} moved concurrently, retrying", name, alias);
      }
    }
    throw new ConflictException(name + "@" + alias, null, null,
        "Alias " + name + "@" + alias + " kept changing under " + CAS_RETRIES + " attempts; retry later.");
  }

  private void requireAliasTarget(String name, String alias, int version) {
    Names.requireModelName(name);
    Names.requireAlias(alias);
    VersionRecord target = resolve(new ModelRef.Version(name, version));
    if (target.state().status() == VersionStatus.ARCHIVED) {
      throw new ConflictException(name + "@" + alias, "an active or deprecated version", "archived version " + version,
          "Version " + name + "/" + version + " is archived; an alias cannot point at it. Restore it with setStatus(..., ACTIVE, reason) first.");
    }
  }

  private void casAlias(String name, String alias, int version, OptionalInt expected) {
    if (expected.isPresent() && expected.getAsInt() == version && metadata.alias(name, alias).equals(expected)) {
      return;
    }
    AuditEvent event = new AuditEvent(0, clock.instant(), principal(), AuditAction.ALIAS_SET, name, version, alias,
        text(expected), Optional.of(String.valueOf(version)));
    metadata.compareAndSetAlias(name, alias, expected, OptionalInt.of(version), event);
    LOG.debug("Alias {}@{} moved from {} to {}", name, alias, text(expected).orElse("nothing"), version);
  }

  /**
   * Consults the promotion policy before an alias moves; setting an alias to the version it already
   * points at is not a promotion.
   */
  private void requirePromotionAllowed(String name, String alias, int version) {
    if (!promotionPolicy.appliesTo(name, alias)) {
      return;
    }
    OptionalInt current = metadata.alias(name, alias);
    if (current.isPresent() && current.getAsInt() == version) {
      return;
    }
    ModelVersion v = get(name, version);
    List<Evidence> docs = new ArrayList<>();
    for (EvidenceRef e : evidenceOf(v.id())) {
      docs.add(readEvidence(e));
    }
    List<UnmetRequirement> unmet = promotionPolicy.check(new PromotionRequest(v, alias, current, docs, approvalsOf(v.id())));
    if (!unmet.isEmpty()) {
      LOG.debug("Promotion of {} to {}@{} refused: {}", v.id(), name, alias, unmet);
      throw new PromotionRefusedException(v.id(), alias, unmet);
    }
  }

  // ------------------------------------------------------------------ evidence

  /**
   * Stores the bytes of a file that goes with a piece of evidence (an HTML summary, a plot) in the blob
   * store, content-addressed. Name the returned record in {@link Evidence.Builder#attachment}; bytes
   * no attached evidence names are removed by {@link #gc(Duration)} after its grace period.
   *
   * @param name the attachment's name, a relative path such as {@code summary.html}
   * @param mediaType its media type, such as {@code text/html}
   * @param content the bytes
   * @return the attachment, with the digest and size of the bytes
   * @throws InvalidInputException if the name or media type is invalid
   * @throws StoreException if the blob store cannot write
   */
  public EvidenceAttachment storeEvidenceAttachment(String name, String mediaType, byte[] content) {
    Objects.requireNonNull(content, "content");
    Names.requireRelativePath(name);
    Names.requireText("media type", mediaType, 255);
    BlobInfo info = blobs.put(content);
    return new EvidenceAttachment(name, mediaType, info.digest(), info.size());
  }

  /**
   * Attaches evidence to the version it was recorded against. The document is stored as canonical
   * JSON in the blob store, addressed by its digest (so it cannot be edited afterwards: other bytes
   * would have another digest), and the version's audit log records the reference with the principal
   * ({@link AuditAction#EVIDENCE_ADD}). Attaching the same document twice records it once.
   *
   * @param ref the version, as {@code name/version}, {@code name@alias} or {@code name}
   * @param evidence the evidence; its subject and manifest digest must be those of the version
   * @return the reference recorded
   * @throws InvalidInputException if the evidence was recorded against another version or manifest
   *     digest
   * @throws NotFoundException if the version does not exist, or an attachment's bytes are not in the
   *     blob store (store them with {@link #storeEvidenceAttachment} first)
   * @throws IntegrityException if the version's manifest does not verify
   * @throws StoreException if a store cannot write; no reference is then recorded
   */
  public EvidenceRef attachEvidence(String ref, Evidence evidence) {
    Objects.requireNonNull(evidence, "evidence");
    ModelVersion v = get(ref);
    if (!evidence.manifestDigest().equals(v.manifestDigest()) || !evidence.subject().equals(v.id())) {
      throw new InvalidInputException("evidence", "The evidence of suite '" + evidence.suite() + "' was recorded against "
          + evidence.subject() + " (" + evidence.manifestDigest() + "), but " + ref + " is " + v.id() + " ("
          + v.manifestDigest() + "); attach evidence only to the exact version it tested.");
    }
    for (EvidenceAttachment a : evidence.attachments()) {
      if (!blobs.contains(a.digest())) {
        throw new NotFoundException("blob", a.digest().toString(), "Attachment '" + a.name() + "' (" + a.digest()
            + ") is not in " + blobs.describe() + "; store it with storeEvidenceAttachment first.");
      }
    }
    byte[] json = evidence.toCanonicalJson();
    Digest digest = blobs.put(json).digest();
    VersionId id = v.id();
    appendVersionEvent(id, principal(), AuditAction.EVIDENCE_ADD, evidence.kind(), digest.toString(),
        events -> events.stream().anyMatch(e -> e.current().equals(Optional.of(digest.toString()))));
    LOG.debug("Attached {} evidence of suite {} to {} as {}", evidence.kind(), evidence.suite(), id, digest);
    return evidenceOf(id).stream().filter(e -> e.digest().equals(digest)).findFirst()
        .orElseThrow(() -> new StoreException(metadata.describe(), "The evidence reference of " + id
            + " was written but cannot be read back; check the metadata store.", null));
  }

  /**
   * Lists the evidence attached to a version, oldest first.
   *
   * @param ref the version, as {@code name/version}, {@code name@alias} or {@code name}
   * @return the references; read each document with {@link #readEvidence(EvidenceRef)}
   * @throws NotFoundException if the version does not exist
   */
  public List<EvidenceRef> evidence(String ref) {
    return evidenceOf(resolve(ModelRef.parse(ref)).id());
  }

  private List<EvidenceRef> evidenceOf(VersionId id) {
    List<EvidenceRef> out = new ArrayList<>();
    for (AuditEvent e : versionEvents(id, AuditAction.EVIDENCE_ADD)) {
      out.add(new EvidenceRef(id, Digest.parse(e.current().orElseThrow()), e.key(), e.at(), e.principal(), e.sequence()));
    }
    return out;
  }

  /**
   * Reads an evidence document from the blob store, verifying its bytes against its digest.
   *
   * @param ref the reference
   * @return the document
   * @throws NotFoundException if the document is missing from the blob store
   * @throws IntegrityException if its bytes do not match the digest or do not parse
   */
  public Evidence readEvidence(EvidenceRef ref) {
    Objects.requireNonNull(ref, "ref");
    byte[] bytes = blobs.read(ref.digest());
    try {
      return Evidence.parse(bytes);
    } catch (InvalidInputException e) {
      throw new IntegrityException(ref.digest().toString(), "an evidence document", e.getMessage(),
          "Evidence " + ref.digest() + " of " + ref.version() + " cannot be read: " + e.getMessage(), e);
    }
  }

  /**
   * Opens an attachment of an evidence document; the stream verifies the bytes against their digest as
   * they are read.
   *
   * @param evidence the evidence
   * @param name the attachment's name
   * @return a verifying stream; close it
   * @throws NotFoundException if the evidence has no such attachment or its bytes are missing
   */
  public InputStream openEvidenceAttachment(Evidence evidence, String name) {
    EvidenceAttachment a = evidence.attachments().stream().filter(x -> x.name().equals(name)).findFirst()
        .orElseThrow(() -> new NotFoundException("attachment", name, "The evidence of suite '" + evidence.suite()
            + "' has no attachment '" + name + "'; it has " + evidence.attachments().stream().map(EvidenceAttachment::name).toList() + "."));
    return blobs.open(a.digest());
  }

  // ------------------------------------------------------------------ approvals

  /**
   * Approves a version: records the registry's principal (from {@link Builder#principal}) as an approver of
   * the version's manifest digest in its audit log ({@link AuditAction#APPROVAL_ADD}). Promotion
   * policies count approvals ({@link dev.mlops.registry.promotion.PromotionRule#requireApprovals}).
   *
   * @param ref the version, as {@code name/version}, {@code name@alias} or {@code name}
   * @param comment why, recorded with the approval (may be empty; at most 4096 characters)
   * @return the approval
   * @throws MissingPrincipalException if the registry was built without a principal supplier, or it
   *     returned no usable name
   * @throws ConflictException if this principal already approved the version
   * @throws NotFoundException if the version does not exist
   */
  public Approval approve(String ref, String comment) {
    Names.requireTagValue(comment);
    if (!principalConfigured) {
      throw new MissingPrincipalException("Approving needs to know who approves, but this registry was built without a "
          + "principal supplier; build it with ModelRegistry.builder().principal(() -> currentUser()).");
    }
    String who = principal.get();
    if (who == null || who.isBlank()) {
      throw new MissingPrincipalException("The principal supplier returned no user for this approval; approve as an "
          + "authenticated user or service.");
    }
    ModelVersion v = get(ref);
    VersionId id = v.id();
    appendVersionEvent(id, validPrincipal(who), AuditAction.APPROVAL_ADD, comment, v.manifestDigest().toString(),
        events -> {
          for (AuditEvent e : events) {
            if (e.principal().equals(who)) {
              throw new ConflictException(id + " approval", "one approval per approver", "approved by " + who + " at "
                  + e.at(), who + " already approved " + id + " at " + e.at() + "; an approver counts once. Ask another approver.");
            }
          }
          return false;
        });
    LOG.debug("{} approved {}", who, id);
    List<Approval> all = approvalsOf(id);
    return all.stream().filter(a -> a.approver().equals(who)).findFirst().orElseThrow();
  }

  /**
   * Lists the approvals of a version, oldest first.
   *
   * @param ref the version, as {@code name/version}, {@code name@alias} or {@code name}
   * @return the approvals
   * @throws NotFoundException if the version does not exist
   */
  public List<Approval> approvals(String ref) {
    return approvalsOf(resolve(ModelRef.parse(ref)).id());
  }

  private List<Approval> approvalsOf(VersionId id) {
    List<Approval> out = new ArrayList<>();
    for (AuditEvent e : versionEvents(id, AuditAction.APPROVAL_ADD)) {
      out.add(new Approval(id, Digest.parse(e.current().orElseThrow()), e.principal(), e.key(), e.at(), e.sequence()));
    }
    return out;
  }

  private List<AuditEvent> versionEvents(VersionId id, AuditAction action) {
    List<AuditEvent> out = new ArrayList<>();
    for (AuditEvent e : metadata.auditLog(id.name())) {
      if (e.action() == action && e.version() == id.version()) {
        out.add(e);
      }
    }
    return out;
  }

  /**
   * Appends an audit event about a version without changing its state (a compare-and-set on its
   * revision, so the check of earlier events and the append are atomic together). {@code alreadyDone}
   * looks at the version's earlier events of the action: true means "already recorded, nothing to do";
   * it may throw to refuse.
   */
  private void appendVersionEvent(VersionId id, String who, AuditAction action, String key, String current,
      java.util.function.Predicate<List<AuditEvent>> alreadyDone) {
    for (int i = 0; i < CAS_RETRIES; i++) {
      VersionRecord r = resolve(new ModelRef.Version(id.name(), id.version()));
      // Read the log after the revision: an event committed since bumps the revision and fails the CAS.
      if (alreadyDone.test(versionEvents(id, action))) {
        return;
      }
      AuditEvent event = new AuditEvent(0, clock.instant(), who, action, id.name(), id.version(), key,
          Optional.empty(), Optional.of(current));
      try {
        metadata.updateState(id.name(), id.version(), r.state().revision(), r.state(), event);
        return;
      } catch (ConflictException e) {
        if (resolve(new ModelRef.Version(id.name(), id.version())).state().revision() == r.state().revision()) {
          throw e;
        }
        LOG.debug("Concurrent change to {}, retrying", id);
      }
    }
    throw new ConflictException(id.toString(), null, null,
        "Version " + id + " kept changing under " + CAS_RETRIES + " attempts; retry later.");
  }

  /**
   * Removes an alias if it still points where the caller expects. Audited.
   *
   * @param name the model name
   * @param alias the alias
   * @param expectedCurrent the version it must point at now
   * @throws ConflictException if it points elsewhere or is unset
   */
  public void removeAlias(String name, String alias, int expectedCurrent) {
    Names.requireModelName(name);
    Names.requireAlias(alias);
    AuditEvent event = new AuditEvent(0, clock.instant(), principal(), AuditAction.ALIAS_REMOVE, name, 0, alias,
        Optional.of(String.valueOf(expectedCurrent)), Optional.empty());
    metadata.compareAndSetAlias(name, alias, OptionalInt.of(expectedCurrent), OptionalInt.empty(), event);
  }

  /**
   * Answers "what did this alias point at, at time T?" from the audit log.
   *
   * @param name the model name
   * @param alias the alias
   * @param at the instant
   * @return the version the alias pointed at then, or empty if it was unset
   */
  public OptionalInt aliasAt(String name, String alias, Instant at) {
    Names.requireModelName(name);
    Names.requireAlias(alias);
    OptionalInt result = OptionalInt.empty();
    for (AuditEvent e : metadata.auditLog(name)) {
      if (e.at().isAfter(at)) {
        break;
      }
      if (e.action().isAliasChange() && e.key().equals(alias)) {
        result = e.action() == AuditAction.ALIAS_SET ? OptionalInt.of(e.version()) : OptionalInt.empty();
      }
    }
    return result;
  }

  // ------------------------------------------------------------------ state

  /**
   * Sets a tag on a version. Audited with the previous value.
   *
   * @param name the model name
   * @param version the version
   * @param key the tag key
   * @param value the tag value
   * @return the updated version
   * @throws NotFoundException if the version does not exist
   */
  public ModelVersion setTag(String name, int version, String key, String value) {
    Names.requireTagKey(key);
    Names.requireTagValue(value);
    return updateState(name, version, AuditAction.TAG_SET, key,
        s -> Optional.ofNullable(s.tags().get(key)), s -> s.withTag(key, value), Optional.of(value));
  }

  /**
   * Removes a tag from a version. Audited with the removed value.
   *
   * @param name the model name
   * @param version the version
   * @param key the tag key
   * @return the updated version
   * @throws NotFoundException if the version does not exist
   */
  public ModelVersion removeTag(String name, int version, String key) {
    Names.requireTagKey(key);
    return updateState(name, version, AuditAction.TAG_REMOVE, key,
        s -> Optional.ofNullable(s.tags().get(key)), s -> s.withoutTag(key), Optional.empty());
  }

  /**
   * Replaces a version's description. Audited with the previous text.
   *
   * @param name the model name
   * @param version the version
   * @param description the new description
   * @return the updated version
   * @throws NotFoundException if the version does not exist
   */
  public ModelVersion setDescription(String name, int version, String description) {
    Names.requireDescription(description);
    return updateState(name, version, AuditAction.DESCRIPTION_SET, "",
        s -> Optional.of(s.description()), s -> s.withDescription(description), Optional.of(description));
  }

  /**
   * Marks a version deprecated: it still loads, with a warning.
   *
   * @param name the model name
   * @param version the version
   * @param reason why, recorded in the audit log
   * @return the updated version
   * @throws NotFoundException if the version does not exist
   */
  public ModelVersion deprecate(String name, int version, String reason) {
    return setStatus(name, version, VersionStatus.DEPRECATED, reason);
  }

  /**
   * Archives a version: it loads only by explicit number, no alias may point at it, and a bare-name
   * reference skips it. Nothing is deleted.
   *
   * @param name the model name
   * @param version the version
   * @param reason why, recorded in the audit log
   * @return the updated version
   * @throws ConflictException if an alias points at the version (move it first)
   * @throws NotFoundException if the version does not exist
   */
  public ModelVersion archive(String name, int version, String reason) {
    return setStatus(name, version, VersionStatus.ARCHIVED, reason);
  }

  /**
   * Sets a version's status. Audited.
   *
   * @param name the model name
   * @param version the version
   * @param status the new status
   * @param reason why
   * @return the updated version
   * @throws ConflictException if archiving a version an alias points at
   * @throws NotFoundException if the version does not exist
   */
  public ModelVersion setStatus(String name, int version, VersionStatus status, String reason) {
    Objects.requireNonNull(status, "status");
    Names.requireTagValue(reason);
    if (status == VersionStatus.ARCHIVED) {
      metadata.aliases(Names.requireModelName(name)).forEach((alias, v) -> {
        if (v == version) {
          throw new ConflictException(name + "@" + alias, "no alias on " + name + "/" + version, "alias " + alias,
              "Alias " + name + "@" + alias + " points at version " + version + "; move it before archiving the version.");
        }
      });
    }
    return updateState(name, version, AuditAction.STATUS_SET, reason,
        s -> Optional.of(s.status().id()), s -> s.withStatus(status, reason), Optional.of(status.id()));
  }

  /**
   * Adds a signature over a version's manifest digest.
   *
   * @param name the model name
   * @param version the version
   * @param with the signer
   * @return the updated version
   * @throws NotFoundException if the version does not exist
   * @throws IntegrityException if the stored manifest does not verify
   */
  public ModelVersion sign(String name, int version, ManifestSigner with) {
    Objects.requireNonNull(with, "with");
    ModelVersion v = get(name, version);
    ManifestSignature sig = with.sign(v.manifestDigest());
    return updateState(name, version, AuditAction.SIGNATURE_ADD, with.keyId(),
        s -> Optional.empty(), s -> s.withSignature(sig), Optional.of(v.manifestDigest().toString()));
  }

  private ModelVersion updateState(
      String name, int version, AuditAction action, String key,
      java.util.function.Function<VersionState, Optional<String>> previous,
      UnaryOperator<VersionState> change, Optional<String> current) {
    for (int i = 0; i < CAS_RETRIES; i++) {
      VersionRecord r = resolve(new ModelRef.Version(name, version));
      VersionState s = r.state();
      AuditEvent event = new AuditEvent(0, clock.instant(), principal(), action, name, version, key,
          previous.apply(s), current);
      try {
        return toVersion(metadata.updateState(name, version, s.revision(), change.apply(s), event));
      } catch (ConflictException e) {
        if (resolve(new ModelRef.Version(name, version)).state().revision() == s.revision()) {
          throw e; // not a concurrent change: a rule of the store refused it
        }
        LOG.debug("Concurrent change to {}/{}, retrying", name, version);
      }
    }
    throw new ConflictException(name + "/" + version, null, null,
        "Version " + name + "/" + version + " kept changing under " + CAS_RETRIES + " attempts; retry later.");
  }

  /**
   * Reads a model's audit log, oldest first.
   *
   * @param name the model name
   * @return every committed event of the model
   */
  public List<AuditEvent> auditLog(String name) {
    return metadata.auditLog(Names.requireModelName(name));
  }

  // ------------------------------------------------------------------ load

  /**
   * Loads a version as a predictor, verifying the manifest, the trust policy and the bytes of every
   * file read. The predictor checks every input against the version's signature.
   *
   * @param ref {@code name}, {@code name/version} or {@code name@alias}
   * @return the predictor; close it when done
   * @throws NotFoundException if the reference does not resolve
   * @throws IntegrityException if the manifest, a signature or the bytes do not verify
   * @throws InvalidInputException if the version is a data set, or no loader reads its format
   */
  public TabularPredictor load(String ref) {
    ModelRef parsed = ModelRef.parse(ref);
    ModelVersion v = toVersion(resolve(parsed));
    return load(v, parsed);
  }

  /**
   * Loads a version as a predictor of a given format, for versions that hold a model in more than one
   * form (a Tribuo model and its ONNX export, registered together): the loader of {@code format} reads
   * its own file of the version, verified like {@link #load(String)}.
   *
   * @param ref {@code name}, {@code name/version} or {@code name@alias}
   * @param format the form to load, e.g. {@link ArtifactFormat#TRIBUO_PROTOBUF}
   * @return the predictor; close it when done
   * @throws NotFoundException if the reference does not resolve, or the version holds no file of that form
   * @throws IntegrityException if the manifest, a signature or the bytes do not verify
   * @throws InvalidInputException if the version is a data set, or no loader reads the format
   */
  public TabularPredictor load(String ref, ArtifactFormat format) {
    Objects.requireNonNull(format, "format");
    ModelRef parsed = ModelRef.parse(ref);
    ModelVersion v = toVersion(resolve(parsed));
    return load(v, parsed, format);
  }

  TabularPredictor load(ModelVersion v, ModelRef asked) {
    return load(v, asked, v.manifest().format());
  }

  private TabularPredictor load(ModelVersion v, ModelRef asked, ArtifactFormat format) {
    if (v.kind() != ArtifactKind.MODEL) {
      throw new InvalidInputException("reference", v.id() + " is a data set, not a model; read its files with openFile or loadFiles.");
    }
    if (v.status() == VersionStatus.DEPRECATED) {
      LOG.warn("Loading deprecated version {} ({}); move to another version", v.id(), v.statusReason());
    }
    if (v.status() == VersionStatus.ARCHIVED && !(asked instanceof ModelRef.Version)) {
      throw new ConflictException(asked.toString(), "an active version", "archived version " + v.version(),
          asked + " resolves to archived version " + v.id() + "; load it by its number if you really mean to.");
    }
    trustPolicy.check(v.id().toString(), v.manifestDigest(), v.signatures());
    PredictorLoader loader = loaders.stream().filter(l -> l.supports(format)).findFirst()
        .orElseThrow(() -> new InvalidInputException("format", "No predictor loader reads format '" + format
            + "' of " + v.id() + "; add the module that provides one, or read the files with openFile."));
    return loader.load(source(v.id(), v.manifest()));
  }

  private PredictorLoader.Source source(VersionId id, ArtifactManifest manifest) {
    return new PredictorLoader.Source() {
      @Override
      public VersionId version() {
        return id;
      }

      @Override
      public ArtifactManifest manifest() {
        return manifest;
      }

      @Override
      public byte[] readFile(String path) {
        try (InputStream in = openFile(path)) {
          return in.readAllBytes();
        } catch (IOException e) {
          throw new StoreException(blobs.describe(), "Could not read " + path + " of " + id + ": " + e.getMessage(), e);
        }
      }

      @Override
      public InputStream openFile(String path) {
        return openVerified(id, manifest, path);
      }
    };
  }

  /**
   * Opens one file of a version; the stream verifies the file's digest and size as it is read and
   * throws {@link IntegrityException} at its end if they differ. Read it through before trusting it.
   *
   * @param ref the version reference
   * @param path the file's relative path in the manifest
   * @return a verifying stream; close it
   * @throws NotFoundException if the reference or the file does not exist
   */
  public InputStream openFile(String ref, String path) {
    ModelRef parsed = ModelRef.parse(ref);
    ModelVersion v = toVersion(resolve(parsed));
    trustPolicy.check(v.id().toString(), v.manifestDigest(), v.signatures());
    return openVerified(v, path);
  }

  /**
   * Copies every file of a version into a new directory, verified. The files are written to a
   * temporary sibling directory, forced to disk, and renamed into place only once every file has
   * verified, so the target either appears complete or not at all, even after a crash.
   *
   * @param ref the version reference
   * @param target a directory that must not exist yet
   * @return the version copied
   * @throws InvalidInputException if the target exists
   * @throws IntegrityException if a file does not verify; nothing is then left behind
   * @throws StoreException if writing fails
   */
  public ModelVersion loadFiles(String ref, Path target) {
    ModelRef parsed = ModelRef.parse(ref);
    ModelVersion v = toVersion(resolve(parsed));
    trustPolicy.check(v.id().toString(), v.manifestDigest(), v.signatures());
    Path abs = target.toAbsolutePath().normalize();
    if (Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
      throw new InvalidInputException("target", "Target directory '" + target + "' already exists; give a new path.");
    }
    Path parent = abs.getParent();
    Path staging = parent.resolve("." + abs.getFileName() + "-" + UUID.randomUUID() + ".partial");
    try {
      Files.createDirectories(parent);
      Files.createDirectory(staging);
      for (ArtifactFile f : v.manifest().files()) {
        Path out = staging.resolve(f.path()).normalize();
        if (!out.startsWith(staging)) {
          throw new IntegrityException(v.id().toString(), "a relative path", f.path(),
              "The manifest of " + v.id() + " names a path outside the artifact; it was tampered with.");
        }
        Files.createDirectories(out.getParent());
        try (InputStream in = openVerified(v, f.path());
            FileChannel ch = FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
          copy(in, ch);
          ch.force(true);
        }
        AtomicFiles.fsyncDirectory(out.getParent());
      }
      Files.move(staging, abs, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      AtomicFiles.fsyncDirectory(parent);
      return v;
    } catch (IOException e) {
      throw new StoreException(blobs.describe(), "Could not write the files of " + v.id() + " to " + target + ": "
          + e.getMessage(), e);
    } finally {
      deleteTree(staging);
    }
  }

  /**
   * Keeps a predictor loaded for a reference and follows it when it moves: the cheap handle a
   * service calls on every request. See {@link ModelHandle} for the staleness bound.
   *
   * @param ref the reference to follow, usually an alias such as {@code fraud@champion}
   * @param refreshInterval how often to re-resolve the reference (at least 10 ms)
   * @return the handle; close it to stop following
   * @throws NotFoundException if the reference does not resolve now
   */
  public ModelHandle watch(String ref, Duration refreshInterval) {
    ModelRef parsed = ModelRef.parse(ref);
    if (refreshInterval.compareTo(Duration.ofMillis(10)) < 0) {
      throw new IllegalArgumentException("refreshInterval must be at least 10 ms");
    }
    return new ModelHandle(this, parsed, refreshInterval, refresher());
  }

  private ScheduledExecutorService refresher() {
    ScheduledExecutorService r = refresher;
    if (r == null) {
      synchronized (this) {
        r = refresher;
        if (r == null) {
          r = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread t = new Thread(task, "mlops-registry-refresh");
            t.setDaemon(true);
            return t;
          });
          refresher = r;
        }
      }
    }
    return r;
  }

  /** Resolves a reference for a handle. */
  ModelVersion current(ModelRef ref) {
    return toVersion(resolve(ref));
  }

  // ------------------------------------------------------------------ verify

  /**
   * Checks the whole registry: the metadata store's structures, every version's manifest against its
   * digest, the trust policy, and the bytes of every referenced blob (each re-hashed once). Reports
   * every problem instead of stopping at the first.
   *
   * @return the report
   */
  public VerificationReport verify() {
    List<String> problems = new ArrayList<>(metadata.verify());
    // Each blob is re-hashed once; its outcome is reported for every version that references it.
    Map<Digest, Optional<String>> checked = new HashMap<>();
    int versions = 0;
    for (String name : metadata.names()) {
      for (int n : metadata.versionNumbers(name)) {
        String id = name + "/" + n;
        ModelVersion v;
        try {
          v = toVersion(metadata.getVersion(name, n).orElseThrow());
          trustPolicy.check(id, v.manifestDigest(), v.signatures());
        } catch (IntegrityException e) {
          // A corrupt record is also reported by the store's own check: keep one line, naming the version.
          problems.remove(e.getMessage());
          problems.add(id + ": " + e.getMessage());
          continue;
        }
        versions++;
        for (ArtifactFile f : v.manifest().files()) {
          ModelVersion owner = v;
          checked.computeIfAbsent(f.digest(), d -> blobProblem(owner, f))
              .ifPresent(problem -> problems.add(id + ": file " + f.path() + " " + problem));
        }
      }
    }
    for (String name : metadata.names()) {
      List<AuditEvent> log;
      try {
        log = metadata.auditLog(name);
      } catch (IntegrityException e) {
        // The store's own check reports a damaged record once; keep going with the other models.
        if (problems.stream().noneMatch(p -> p.contains(e.getMessage()))) {
          problems.add(name + ": evidence not checked: " + e.getMessage());
        }
        continue;
      }
      for (AuditEvent e : log) {
        if (e.action() != AuditAction.EVIDENCE_ADD) {
          continue;
        }
        String id = name + "/" + e.version();
        Digest d = Digest.parse(e.current().orElseThrow());
        EvidenceRef ref = new EvidenceRef(new VersionId(name, e.version()), d, e.key(), e.at(), e.principal(), e.sequence());
        try {
          Evidence doc = readEvidence(ref);
          checked.put(d, Optional.empty());
          for (EvidenceAttachment a : doc.attachments()) {
            checked.computeIfAbsent(a.digest(), x -> blobProblem(a.digest()))
                .ifPresent(problem -> problems.add(id + ": evidence attachment " + a.name() + " " + problem));
          }
        } catch (NotFoundException ex) {
          checked.put(d, Optional.of("missing"));
          problems.add(id + ": evidence " + d + " is missing from the blob store");
        } catch (IntegrityException ex) {
          checked.put(d, Optional.of("corrupt"));
          problems.add(id + ": evidence " + d + " does not verify: " + ex.getMessage());
        }
      }
    }
    Set<Digest> runArtifacts = new HashSet<>();
    runs.forEachArtifactDigest(runArtifacts::add);
    int[] unreferenced = {0};
    blobs.forEach(d -> {
      if (!checked.containsKey(d) && !runArtifacts.contains(d)) {
        unreferenced[0]++;
      }
    });
    return new VerificationReport(problems, versions, checked.size(), unreferenced[0]);
  }

  // ------------------------------------------------------------------ gc

  /** The grace period of {@link #gc()}. */
  public static final Duration DEFAULT_GC_GRACE = Duration.ofHours(1);

  /**
   * Removes unreferenced blobs older than {@link #DEFAULT_GC_GRACE} (one hour).
   *
   * @return what was removed and kept
   * @throws IntegrityException if a version's manifest does not verify (nothing is then removed)
   * @throws StoreException if a store cannot be read or written
   * @see #gc(Duration)
   */
  public GcReport gc() {
    return gc(DEFAULT_GC_GRACE);
  }

  /**
   * Removes blobs that no version and no training run references, such as those a registration left behind when it
   * failed after storing some files (a lost connection, a killed process), and what puts that never
   * finished left in the blob store. Referenced blobs are never touched.
   *
   * <p><b>The rule.</b> An unreferenced blob is removed only if it was last stored before
   * {@code now - gracePeriod}; younger ones are kept (and counted in {@link GcReport#keptYoung()}).
   * The collection lists the blobs first, then reads every version's manifest, then removes each old
   * unreferenced blob with {@link BlobStore#deleteIfStoredBefore(Digest, Instant)}, which spares a
   * blob stored again since it was listed.
   *
   * <p><b>Why this never races a registration.</b> A registration stores its files' blobs first and
   * creates its version after; a put of bytes already stored refreshes their stored time. A blob of a
   * registration still in flight when the manifests were read was therefore stored less than "the
   * registration's duration" before, and is kept as long as the grace period is longer than
   * <em>the longest registration (the time to upload all its files), plus the clock difference
   * between this host and the blob store's medium (an S3 server), plus the medium's timestamp
   * granularity (one second on S3)</em>. That is the assumption; the default hour covers uploads of
   * hundreds of gigabytes. A zero grace period is safe only while nothing registers.
   *
   * <p>Safe to run from several replicas at once, and while others register, load and gc.
   *
   * @param gracePeriod how long an unreferenced blob is kept after its last put (zero or more)
   * @return what was removed and kept
   * @throws IllegalArgumentException if the grace period is negative
   * @throws IntegrityException if a version's manifest does not verify: its references are unknown,
   *     so nothing is removed; repair the metadata first ({@link #verify()} reports it)
   * @throws StoreException if a store cannot be read or written
   */
  public GcReport gc(Duration gracePeriod) {
    Objects.requireNonNull(gracePeriod, "gracePeriod");
    if (gracePeriod.isNegative()) {
      throw new IllegalArgumentException("gracePeriod must not be negative");
    }
    // The blob store's medium stamps blobs with real time, so the cutoff uses the system clock too,
    // not the registry's (possibly simulated) clock.
    Instant cutoff = Instant.now().minus(gracePeriod);
    List<StoredBlob> listed = new ArrayList<>();
    blobs.forEachStored(listed::add);                 // 1. list first ...
    Set<Digest> referenced = referencedBlobs();       // 2. ... then read the references
    List<StoredBlob> removed = new ArrayList<>();
    int keptReferenced = 0;
    int keptYoung = 0;
    for (StoredBlob b : listed) {
      if (referenced.contains(b.digest())) {
        keptReferenced++;
      } else if (!b.storedAt().isBefore(cutoff) || !blobs.deleteIfStoredBefore(b.digest(), cutoff)) {
        keptYoung++;                                  // 3. young, or stored again since it was listed
      } else {
        removed.add(b);
      }
    }
    int leftovers = blobs.removeIncompleteWrites(cutoff);
    GcReport report = new GcReport(removed, keptReferenced, keptYoung, leftovers, cutoff);
    if (!removed.isEmpty() || leftovers > 0) {
      LOG.info("Garbage collection of {}: removed {} unreferenced blobs ({} bytes) and {} incomplete writes; kept {} referenced and {} younger than {}",
          blobs.describe(), removed.size(), report.removedBytes(), leftovers, keptReferenced, keptYoung, cutoff);
    } else {
      LOG.debug("Garbage collection of {}: nothing to remove; kept {} referenced and {} younger than {}",
          blobs.describe(), keptReferenced, keptYoung, cutoff);
    }
    return report;
  }

  /** The digests of every file of every version and of every run artifact; fails if a manifest cannot be read. */
  private Set<Digest> referencedBlobs() {
    Set<Digest> out = new HashSet<>();
    for (String name : metadata.names()) {
      int after = 0;
      while (true) {
        List<VersionRecord> page = metadata.listVersions(name, after, 1000);
        if (page.isEmpty()) {
          break;
        }
        for (VersionRecord r : page) {
          ModelVersion v;
          try {
            v = toVersion(r);
          } catch (IntegrityException e) {
            throw new IntegrityException(r.id().toString(), e.expected(), e.actual(), "Garbage collection stopped before removing anything: "
                + "the manifest of " + r.id() + " does not verify, so the blobs it references are unknown. " + e.getMessage(), e);
          }
          v.manifest().files().forEach(f -> out.add(f.digest()));
        }
        after = page.get(page.size() - 1).id().version();
      }
      for (AuditEvent e : metadata.auditLog(name)) {  // evidence documents and their attachments
        if (e.action() == AuditAction.EVIDENCE_ADD) {
          EvidenceRef ref = new EvidenceRef(new VersionId(name, e.version()), Digest.parse(e.current().orElseThrow()),
              e.key(), e.at(), e.principal(), e.sequence());
          out.add(ref.digest());
          Evidence doc;
          try {
            doc = readEvidence(ref);
          } catch (NotFoundException | IntegrityException ex) {
            throw new IntegrityException(ref.digest().toString(), "a readable evidence document", ex.getMessage(),
                "Garbage collection stopped before removing anything: evidence " + ref.digest() + " of " + ref.version()
                    + " cannot be read, so the attachments it references are unknown. " + ex.getMessage(), ex);
          }
          doc.attachments().forEach(a -> out.add(a.digest()));
        }
      }
    }
    runs.forEachArtifactDigest(out::add);             // run artifacts (models, provenance, data files)
    return out;
  }

  /** Reads one blob through, verifying it; returns what is wrong with it, if anything. */
  private Optional<String> blobProblem(ModelVersion v, ArtifactFile f) {
    return blobProblem(f.digest());
  }

  private Optional<String> blobProblem(Digest d) {
    try (InputStream in = blobs.open(d)) {
      in.transferTo(OutputStream.nullOutputStream());
      return Optional.empty();
    } catch (NotFoundException e) {
      return Optional.of("is missing from the blob store (" + d + ")");
    } catch (IntegrityException e) {
      return Optional.of("does not verify: " + e.getMessage());
    } catch (IOException e) {
      return Optional.of("cannot be read: " + e.getMessage());
    }
  }

  // ------------------------------------------------------------------ internals

  private InputStream openVerified(ModelVersion v, String path) {
    return openVerified(v.id(), v.manifest(), path);
  }

  private InputStream openVerified(VersionId id, ArtifactManifest manifest, String path) {
    ArtifactFile f = manifest.file(path).orElseThrow(() -> new NotFoundException("file", id + ":" + path,
        "Version " + id + " has no file '" + path + "'; its files are listed in its manifest."));
    // The blob store's stream re-hashes the bytes and checks them against the digest (its contract,
    // which the compatibility kit checks); the digest fixes the size too, so nothing is hashed twice.
    return blobs.open(f.digest());
  }

  private VersionRecord resolve(ModelRef ref) {
    String name = ref.name();
    if (ref instanceof ModelRef.Version) {
      int n = ((ModelRef.Version) ref).version();
      return metadata.getVersion(name, n).orElseThrow(() -> notFound(ref));
    }
    if (ref instanceof ModelRef.Alias) {
      String alias = ((ModelRef.Alias) ref).alias();
      OptionalInt n = metadata.alias(name, alias);
      if (n.isEmpty()) {
        if (metadata.versionNumbers(name).isEmpty()) {
          throw notFound(ref);
        }
        throw new NotFoundException("alias", ref.toString(), "Alias " + ref + " is not set; set it with setAlias(\""
            + name + "\", \"" + alias + "\", version).");
      }
      return metadata.getVersion(name, n.getAsInt()).orElseThrow(() -> notFound(ref));
    }
    List<Integer> numbers = new ArrayList<>(metadata.versionNumbers(name));
    numbers.sort(Comparator.reverseOrder());
    for (int n : numbers) {
      Optional<VersionRecord> r = metadata.getVersion(name, n);
      if (r.isPresent() && r.get().state().status() == VersionStatus.ACTIVE) {
        return r.get();
      }
    }
    if (numbers.isEmpty()) {
      throw notFound(ref);
    }
    throw new NotFoundException("version", ref.toString(), "Model '" + name
        + "' has no active version (all are deprecated or archived); load one by number, e.g. " + name + "/" + numbers.get(0) + ".");
  }

  private NotFoundException notFound(ModelRef ref) {
    List<Integer> numbers = metadata.versionNumbers(ref.name());
    if (numbers.isEmpty()) {
      return new NotFoundException("model", ref.name(), "Model '" + ref.name()
          + "' does not exist in " + metadata.describe() + "; register it first, or check the name.");
    }
    return new NotFoundException("version", ref.toString(), ref + " does not exist; model '" + ref.name()
        + "' has versions " + numbers.get(0) + " to " + numbers.get(numbers.size() - 1) + ".");
  }

  private ModelVersion toVersion(VersionRecord r) {
    byte[] json = r.manifestJson().getBytes(StandardCharsets.UTF_8);
    Digest actual = Digest.sha256(json);
    if (!actual.equals(r.manifestDigest())) {
      throw new IntegrityException(r.id().toString(), r.manifestDigest().toString(), actual.toString(),
          "The stored manifest of " + r.id() + " does not match its digest: it was modified after registration. "
              + "Do not use this version; restore the metadata from a backup.");
    }
    ArtifactManifest m;
    try {
      m = ArtifactManifest.parse(json);
    } catch (InvalidInputException e) {
      throw new IntegrityException(r.id().toString(), "a valid manifest", e.getMessage(),
          "The stored manifest of " + r.id() + " cannot be read: " + e.getMessage(), e);
    }
    return toVersion(r, m);
  }

  private static ModelVersion toVersion(VersionRecord r, ArtifactManifest m) {
    VersionState s = r.state();
    return new ModelVersion(r.id(), r.kind(), r.manifestDigest(), m, s.status(), s.statusReason(), s.tags(),
        s.description(), s.signatures(), r.registeredAt(), r.registeredBy(), s.revision());
  }

  private String principal() {
    return validPrincipal(principal.get());
  }

  private static String validPrincipal(String p) {
    if (p == null || p.isEmpty() || p.length() > 256 || p.chars().anyMatch(Character::isISOControl)) {
      throw new InvalidInputException("principal", "The principal supplier returned an empty, over-long or unprintable name; "
          + "it must name the user or service making the change.");
    }
    return p;
  }

  private static Optional<String> text(OptionalInt v) {
    return v.isPresent() ? Optional.of(String.valueOf(v.getAsInt())) : Optional.empty();
  }

  /** Copies a stream to a channel in 1 MiB chunks (transferTo would use 8 KiB ones). */
  private static void copy(InputStream in, FileChannel out) throws IOException {
    byte[] buf = new byte[1 << 20];
    int n;
    while ((n = in.readNBytes(buf, 0, buf.length)) > 0) {
      java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(buf, 0, n);
      while (bb.hasRemaining()) {
        out.write(bb);
      }
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          LOG.warn("Could not remove temporary file {}: {}", p, e.getMessage());
        }
      });
    } catch (IOException e) {
      LOG.warn("Could not remove temporary directory {}: {}", dir, e.getMessage());
    }
  }

  /**
   * Returns the blob store.
   *
   * @return the blob store
   */
  public BlobStore blobStore() {
    return blobs;
  }

  /**
   * Returns the metadata store.
   *
   * @return the metadata store
   */
  public MetadataStore metadataStore() {
    return metadata;
  }

  /**
   * Returns the store of training runs (see {@code dev.mlops.registry.run.Tracking}): the one given
   * to the builder, else the one the URI names ({@code file:} keeps runs under the registry root in
   * {@code runs/}), else an in-memory store.
   *
   * @return the run store
   */
  public RunStore runStore() {
    return runs;
  }

  /**
   * Stops following handles and closes the stores this registry opened from a URI; stores passed to
   * the builder are the caller's to close.
   */
  @Override
  public void close() {
    ScheduledExecutorService r = refresher;
    if (r != null) {
      r.shutdownNow();
    }
    if (ownsBlobs) {
      blobs.close();
    }
    if (ownsMetadata) {
      metadata.close();
    }
    if (ownsRuns) {
      runs.close();
    }
  }

  @Override
  public String toString() {
    return "ModelRegistry[" + blobs.describe() + ", " + metadata.describe() + "]";
  }

  /**
   * Builds a {@link ModelRegistry}. Stores given explicitly always win over a URI. Not thread-safe.
   */
  public static final class Builder {
    private URI uri;
    private BlobStore blobStore;
    private MetadataStore metadataStore;
    private RunStore runStore;
    private Supplier<String> principal;
    private PromotionPolicy promotionPolicy;
    private ManifestSigner signer;
    private TrustPolicy trustPolicy;
    private Clock clock;
    private final List<PredictorLoader> loaders = new ArrayList<>();

    private Builder() {}

    /**
     * Adds a predictor loader that wins over the ones discovered with {@link ServiceLoader} for the
     * formats it supports: a loader configured in code, such as
     * {@code OnnxPredictorLoader.of(OnnxOptions.builder().intraOpThreads(1).build())}. Loaders added
     * first are asked first.
     *
     * @param loader the loader
     * @return this builder
     */
    public Builder loader(PredictorLoader loader) {
      loaders.add(Objects.requireNonNull(loader, "loader"));
      return this;
    }

    /**
     * Names the stores with one URI ({@code file:/path}, {@code mem:name},
     * {@code jdbc:postgresql://...} for metadata and runs, ...); a store set explicitly wins over it.
     *
     * @param storeUri the URI
     * @return this builder
     * @throws IllegalStateException if a URI was already set
     */
    public Builder uri(URI storeUri) {
      requireUnset(this.uri, "uri");
      this.uri = Objects.requireNonNull(storeUri, "storeUri");
      return this;
    }

    /**
     * Uses this blob store (the caller keeps ownership and closes it).
     *
     * @param store the store
     * @return this builder
     * @throws IllegalStateException if a blob store was already set
     */
    public Builder blobStore(BlobStore store) {
      requireUnset(this.blobStore, "blobStore");
      this.blobStore = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * Uses this metadata store (the caller keeps ownership and closes it).
     *
     * @param store the store
     * @return this builder
     * @throws IllegalStateException if a metadata store was already set
     */
    public Builder metadataStore(MetadataStore store) {
      requireUnset(this.metadataStore, "metadataStore");
      this.metadataStore = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * Uses this store for training runs (the caller keeps ownership and closes it). Without it, the
     * run store is opened from the URI, or kept in memory when there is no URI.
     *
     * @param store the store
     * @return this builder
     * @throws IllegalStateException if a run store was already set
     */
    public Builder runStore(RunStore store) {
      requireUnset(this.runStore, "runStore");
      this.runStore = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * Sets who is recorded in the audit log for each change: the host application's authenticated
     * user or service. The default is the operating-system user ({@code user.name}).
     *
     * @param supplier called once per change; must return a non-empty printable name
     * @return this builder
     * @throws IllegalStateException if a principal supplier was already set
     */
    public Builder principal(Supplier<String> supplier) {
      requireUnset(this.principal, "principal");
      this.principal = Objects.requireNonNull(supplier, "supplier");
      return this;
    }

    /**
     * Sets the promotion policy consulted before an alias moves (default: {@link PromotionPolicy#none()},
     * every move allowed). A refused move raises {@link PromotionRefusedException}.
     *
     * @param policy the policy
     * @return this builder
     * @throws IllegalStateException if a policy was already set
     */
    public Builder promotionPolicy(PromotionPolicy policy) {
      requireUnset(this.promotionPolicy, "promotionPolicy");
      this.promotionPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Signs every new version's manifest digest with this signer.
     *
     * @param manifestSigner the signer
     * @return this builder
     * @throws IllegalStateException if a signer was already set
     */
    public Builder signer(ManifestSigner manifestSigner) {
      requireUnset(this.signer, "signer");
      this.signer = Objects.requireNonNull(manifestSigner, "manifestSigner");
      return this;
    }

    /**
     * Sets the trust policy applied on every load (default: {@link TrustPolicy#none()}).
     *
     * @param policy the policy
     * @return this builder
     * @throws IllegalStateException if a policy was already set
     */
    public Builder trustPolicy(TrustPolicy policy) {
      requireUnset(this.trustPolicy, "trustPolicy");
      this.trustPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Sets the clock used for registration times and audit events (default: the UTC system clock).
     *
     * @param c the clock
     * @return this builder
     * @throws IllegalStateException if a clock was already set
     */
    public Builder clock(Clock c) {
      requireUnset(this.clock, "clock");
      this.clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    /**
     * Builds the registry, opening from the URI whichever store was not given explicitly.
     *
     * @return the registry
     * @throws IllegalStateException if neither a URI nor both stores were given
     * @throws StoreException if a store cannot be opened
     */
    public ModelRegistry build() {
      if (uri == null && (blobStore == null || metadataStore == null)) {
        throw new IllegalStateException("give a store URI, or both a blob store and a metadata store");
      }
      BlobStore b = blobStore != null ? blobStore : BlobStores.open(uri);
      MetadataStore m = metadataStore != null ? metadataStore : MetadataStores.open(uri);
      RunStore r = runStore != null ? runStore
          : uri != null ? RunStores.open(uri) : new InMemoryRunStore("mem:runs-" + UUID.randomUUID());
      return new ModelRegistry(this, b, m, r);
    }

    private static void requireUnset(Object value, String what) {
      if (value != null) {
        throw new IllegalStateException(what + " was already set to " + value);
      }
    }
  }
}
