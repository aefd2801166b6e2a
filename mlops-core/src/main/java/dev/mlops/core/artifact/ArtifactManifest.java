package dev.mlops.core.artifact;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.Digest;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.json.CanonicalJson;
import dev.mlops.core.model.ModelSignature;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The immutable description of an artifact: its files, format, model signature, metadata, lineage
 * and creation time. The SHA-256 digest of the manifest's RFC 8785 canonical JSON is the artifact's
 * identity, so a manifest can never change after registration; what does change (tags, description,
 * aliases, signatures, status) is kept beside it by the registry.
 *
 * <pre>{@code
 * ArtifactManifest m = ArtifactManifest.builder(ArtifactKind.MODEL, ArtifactFormat.ONNX)
 *     .file(new ArtifactFile("model.onnx", digest, size))
 *     .signature(signature)
 *     .build();
 * Digest identity = m.digest();
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param schemaVersion the version of this document's layout, {@value #SCHEMA_VERSION}
 * @param kind whether the artifact is a model or a data set
 * @param format the format of the artifact's bytes
 * @param files the files, sorted by path, with unique paths; at least one
 * @param signature the model signature; empty for data sets and for models without one
 * @param metadata free string metadata recorded at registration (immutable afterwards)
 * @param lineage where the artifact came from
 * @param createdAt when the manifest was created, to the millisecond
 */
public record ArtifactManifest(
    int schemaVersion,
    ArtifactKind kind,
    ArtifactFormat format,
    List<ArtifactFile> files,
    Optional<ModelSignature> signature,
    Map<String, String> metadata,
    Lineage lineage,
    Instant createdAt) {

  /** The manifest layout this SDK writes and the newest it reads. */
  public static final int SCHEMA_VERSION = 1;

  /**
   * Validates and normalises the components: files are sorted by path, metadata by key, and the
   * creation time is truncated to milliseconds so that it survives a JSON round trip exactly.
   *
   * @param schemaVersion the schema version
   * @param kind the kind
   * @param format the format
   * @param files the files
   * @param signature the signature
   * @param metadata the metadata
   * @param lineage the lineage
   * @param createdAt the creation time
   * @throws InvalidInputException if there are no files, a path appears twice, or the schema version
   *     is not one this SDK reads
   */
  public ArtifactManifest {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(signature, "signature");
    Objects.requireNonNull(lineage, "lineage");
    Objects.requireNonNull(createdAt, "createdAt");
    if (schemaVersion < 1 || schemaVersion > SCHEMA_VERSION) {
      throw new InvalidInputException(
          "schemaVersion", "Manifest schema version " + schemaVersion + " is not one this SDK reads (1 to "
              + SCHEMA_VERSION + "); upgrade the SDK to read artifacts written by a newer one.");
    }
    if (files.isEmpty()) {
      throw new InvalidInputException("files", "An artifact has at least one file.");
    }
    List<ArtifactFile> sorted = files.stream()
        .sorted((a, b) -> a.path().compareTo(b.path()))
        .toList();
    Set<String> paths = new HashSet<>();
    for (ArtifactFile f : sorted) {
      if (!paths.add(f.path())) {
        throw new InvalidInputException("path", "File path '" + f.path() + "' appears twice in the artifact.");
      }
    }
    files = sorted;
    metadata = Map.copyOf(new TreeMap<>(metadata));
    createdAt = createdAt.truncatedTo(ChronoUnit.MILLIS);
  }

  /**
   * Starts a manifest of the current schema version, created now.
   *
   * @param kind model or data set
   * @param format the format of the bytes
   * @return a builder
   */
  public static Builder builder(ArtifactKind kind, ArtifactFormat format) {
    return new Builder(kind, format);
  }

  /**
   * Returns the file at a path.
   *
   * @param path the relative path
   * @return the file, if the artifact has one at that path
   */
  public Optional<ArtifactFile> file(String path) {
    return files.stream().filter(f -> f.path().equals(path)).findFirst();
  }

  /**
   * Returns the total size of the files.
   *
   * @return the sum of the file sizes, in bytes
   */
  public long totalSize() {
    return files.stream().mapToLong(ArtifactFile::size).sum();
  }

  /**
   * Returns the manifest as a JSON tree (not yet canonical).
   *
   * @return a new JSON object
   */
  public JsonNode toJson() {
    return ManifestJson.write(this);
  }

  /**
   * Returns the RFC 8785 canonical JSON of the manifest: the bytes that are stored and hashed.
   *
   * @return UTF-8 bytes
   */
  public byte[] canonicalBytes() {
    return CanonicalJson.canonicalize(toJson());
  }

  /**
   * Returns the artifact's identity: the SHA-256 digest of {@link #canonicalBytes()}.
   *
   * @return the manifest digest
   */
  public Digest digest() {
    return Digest.sha256(canonicalBytes());
  }

  /**
   * Parses a manifest from JSON bytes. Unknown fields are ignored, so manifests written by a newer SDK
   * of the same schema version still read.
   *
   * @param json UTF-8 JSON
   * @return the manifest
   * @throws InvalidInputException if the JSON is malformed or a required field is missing or invalid
   */
  public static ArtifactManifest parse(byte[] json) {
    return ManifestJson.read(json);
  }

  /**
   * Builds a manifest. Not thread-safe; use one builder per thread.
   */
  public static final class Builder {
    private final ArtifactKind kind;
    private final ArtifactFormat format;
    private final java.util.ArrayList<ArtifactFile> files = new java.util.ArrayList<>();
    private ModelSignature signature;
    private final Map<String, String> metadata = new TreeMap<>();
    private Lineage lineage = Lineage.NONE;
    private Instant createdAt;

    private Builder(ArtifactKind kind, ArtifactFormat format) {
      this.kind = Objects.requireNonNull(kind, "kind");
      this.format = Objects.requireNonNull(format, "format");
    }

    /**
     * Adds a file.
     *
     * @param file the file
     * @return this builder
     */
    public Builder file(ArtifactFile file) {
      files.add(Objects.requireNonNull(file, "file"));
      return this;
    }

    /**
     * Sets the model signature.
     *
     * @param signature the signature
     * @return this builder
     */
    public Builder signature(ModelSignature signature) {
      this.signature = Objects.requireNonNull(signature, "signature");
      return this;
    }

    /**
     * Adds a metadata entry.
     *
     * @param key the key, validated as a tag key
     * @param value the value, validated as a tag value
     * @return this builder
     */
    public Builder metadata(String key, String value) {
      metadata.put(dev.mlops.core.Names.requireTagKey(key), dev.mlops.core.Names.requireTagValue(value));
      return this;
    }

    /**
     * Adds metadata entries.
     *
     * @param entries the entries
     * @return this builder
     */
    public Builder metadata(Map<String, String> entries) {
      entries.forEach(this::metadata);
      return this;
    }

    /**
     * Sets the lineage.
     *
     * @param lineage the lineage
     * @return this builder
     */
    public Builder lineage(Lineage lineage) {
      this.lineage = Objects.requireNonNull(lineage, "lineage");
      return this;
    }

    /**
     * Sets the creation time; the default is the time {@link #build()} is called.
     *
     * @param createdAt the creation time
     * @return this builder
     */
    public Builder createdAt(Instant createdAt) {
      this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
      return this;
    }

    /**
     * Builds the manifest.
     *
     * @return the manifest
     * @throws InvalidInputException if no file was added or a path appears twice
     */
    public ArtifactManifest build() {
      return new ArtifactManifest(
          SCHEMA_VERSION, kind, format, files, Optional.ofNullable(signature), metadata, lineage,
          createdAt != null ? createdAt : Instant.now());
    }
  }
}
