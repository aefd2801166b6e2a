package dev.mlops.registry;

import dev.mlops.core.Digest;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.Names;
import dev.mlops.core.artifact.ArtifactFormat;
import dev.mlops.core.artifact.ArtifactKind;
import dev.mlops.core.artifact.Lineage;
import dev.mlops.core.artifact.VersionId;
import dev.mlops.core.model.ModelSignature;
import dev.mlops.core.tribuo.TribuoModels;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.tribuo.Model;

/**
 * What to register: the name, the files and everything recorded with them. Build one with a static
 * factory and its builder, then pass it to {@link ModelRegistry#register(Registration)}.
 *
 * <pre>{@code
 * registry.register(Registration.model("fraud", tribuoModel)
 *     .description("logistic regression, 2026-11 data")
 *     .tag("team", "risk")
 *     .dataset(trainingData.manifestDigest())
 *     .build());
 * registry.register(Registration.file("fraud-onnx", Path.of("model.onnx"), ArtifactFormat.ONNX)
 *     .signature(signature).build());
 * registry.register(Registration.dataset("cancer", Path.of("breast_cancer.csv")).build());
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe; files given by path are read when the registration is
 * registered, not when it is built. Builders are not thread-safe.
 */
public final class Registration {
  private final String name;
  private final ArtifactKind kind;
  private final ArtifactFormat format;
  private final List<FileSource> files;
  private final ModelSignature signature;
  private final Map<String, String> metadata;
  private final Map<String, String> tags;
  private final String description;
  private final Lineage lineage;

  private Registration(Builder b) {
    this.name = b.name;
    this.kind = b.kind;
    this.format = b.format;
    this.files = List.copyOf(b.files);
    this.signature = b.signature;
    this.metadata = Map.copyOf(b.metadata);
    this.tags = Map.copyOf(b.tags);
    this.description = b.description;
    this.lineage = b.lineage;
  }

  /**
   * One file to register: its path inside the artifact, its size and how to read it.
   */
  interface FileSource {
    String path();

    long size();

    InputStream open() throws IOException;

    /** Stores the bytes in a blob store: a stream by default; bytes in memory with {@code put(byte[])}. */
    default dev.mlops.core.store.BlobInfo storeIn(dev.mlops.core.store.BlobStore blobs) throws IOException {
      try (InputStream in = open()) {
        return blobs.put(in);
      }
    }
  }

  /**
   * Registers a Tribuo model, stored in Tribuo's protobuf format, with the signature derived from its
   * feature and output domains and a few facts of its provenance as metadata.
   *
   * @param name the model name
   * @param model the trained model
   * @return a builder
   * @throws InvalidInputException if the name is invalid or the model is neither classification nor
   *     regression
   */
  public static Builder model(String name, Model<?> model) {
    Objects.requireNonNull(model, "model");
    Builder b = new Builder(name, ArtifactKind.MODEL, ArtifactFormat.TRIBUO_PROTOBUF);
    b.addBytes(TribuoModels.MODEL_FILE, TribuoModels.serialize(model));
    b.signature(TribuoModels.signatureOf(model));
    b.metadata(TribuoModels.metadataOf(model));
    return b;
  }

  /**
   * Registers one file as a model, stored under its file name.
   *
   * @param name the model name
   * @param file a regular file (symbolic links are refused)
   * @param format the format of its bytes
   * @return a builder
   * @throws InvalidInputException if the name is invalid or the file is missing, empty or a link
   */
  public static Builder file(String name, Path file, ArtifactFormat format) {
    Builder b = new Builder(name, ArtifactKind.MODEL, format);
    b.addFile(file.getFileName().toString(), file);
    return b;
  }

  /**
   * Registers every regular file under a directory as one model, each under its relative path.
   * Symbolic links anywhere in the tree are refused.
   *
   * @param name the model name
   * @param dir the directory
   * @param format the format of the artifact
   * @return a builder
   * @throws InvalidInputException if the name is invalid, the directory holds no file, a file is
   *     empty, or the tree holds a symbolic link
   * @throws UncheckedIOException if the directory cannot be read
   */
  public static Builder directory(String name, Path dir, ArtifactFormat format) {
    Builder b = new Builder(name, ArtifactKind.MODEL, format);
    b.addDirectory(dir);
    return b;
  }

  /**
   * Registers bytes held in memory as a one-file model.
   *
   * @param name the model name
   * @param path the file's path inside the artifact
   * @param bytes the bytes (copied)
   * @param format their format
   * @return a builder
   * @throws InvalidInputException if the name or path is invalid or the bytes are empty
   */
  public static Builder bytes(String name, String path, byte[] bytes, ArtifactFormat format) {
    Builder b = new Builder(name, ArtifactKind.MODEL, format);
    b.addBytes(path, bytes.clone());
    return b;
  }

  /**
   * Registers a data set file. The format is {@code csv} for a {@code .csv} file and {@code raw}
   * otherwise; change it with {@link Builder#format(ArtifactFormat)}.
   *
   * @param name the data set name (same rules as model names; a name holds one kind only)
   * @param file the data file
   * @return a builder
   * @throws InvalidInputException if the name is invalid or the file is missing, empty or a link
   */
  public static Builder dataset(String name, Path file) {
    String fileName = file.getFileName().toString();
    ArtifactFormat f = fileName.toLowerCase(Locale.ROOT).endsWith(".csv") ? ArtifactFormat.CSV : ArtifactFormat.RAW;
    Builder b = new Builder(name, ArtifactKind.DATASET, f);
    b.addFile(fileName, file);
    return b;
  }

  /**
   * Registers every regular file under a directory as one data set.
   *
   * @param name the data set name
   * @param dir the directory
   * @param format the format
   * @return a builder
   * @throws InvalidInputException if the directory holds no file, a file is empty, or the tree holds
   *     a symbolic link
   */
  public static Builder datasetDirectory(String name, Path dir, ArtifactFormat format) {
    Builder b = new Builder(name, ArtifactKind.DATASET, format);
    b.addDirectory(dir);
    return b;
  }

  String name() {
    return name;
  }

  ArtifactKind kind() {
    return kind;
  }

  ArtifactFormat format() {
    return format;
  }

  List<FileSource> files() {
    return files;
  }

  Optional<ModelSignature> signature() {
    return Optional.ofNullable(signature);
  }

  Map<String, String> metadata() {
    return metadata;
  }

  Map<String, String> tags() {
    return tags;
  }

  String description() {
    return description;
  }

  Lineage lineage() {
    return lineage;
  }

  /** Builds a {@link Registration}. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private final ArtifactKind kind;
    private ArtifactFormat format;
    private final List<FileSource> files = new ArrayList<>();
    private ModelSignature signature;
    private final Map<String, String> metadata = new TreeMap<>();
    private final Map<String, String> tags = new TreeMap<>();
    private String description = "";
    private Lineage lineage = Lineage.NONE;

    private Builder(String name, ArtifactKind kind, ArtifactFormat format) {
      this.name = Names.requireModelName(name);
      this.kind = kind;
      this.format = Objects.requireNonNull(format, "format");
    }

    /**
     * Sets the format of the artifact's bytes.
     *
     * @param format the format
     * @return this builder
     */
    public Builder format(ArtifactFormat format) {
      this.format = Objects.requireNonNull(format, "format");
      return this;
    }

    /**
     * Adds another file held in memory (copied), e.g. a second form of the same model.
     *
     * @param path the file's path inside the artifact
     * @param bytes the bytes
     * @return this builder
     * @throws InvalidInputException if the path is invalid or the bytes are empty
     */
    public Builder file(String path, byte[] bytes) {
      addBytes(path, bytes.clone());
      return this;
    }

    /**
     * Sets the model signature (derived automatically for Tribuo models).
     *
     * @param signature the signature
     * @return this builder
     */
    public Builder signature(ModelSignature signature) {
      this.signature = Objects.requireNonNull(signature, "signature");
      return this;
    }

    /**
     * Adds an immutable metadata entry, recorded in the manifest.
     *
     * @param key the key
     * @param value the value
     * @return this builder
     */
    public Builder metadata(String key, String value) {
      metadata.put(Names.requireTagKey(key), Names.requireTagValue(value));
      return this;
    }

    /**
     * Adds immutable metadata entries.
     *
     * @param entries the entries
     * @return this builder
     */
    public Builder metadata(Map<String, String> entries) {
      entries.forEach(this::metadata);
      return this;
    }

    /**
     * Adds a tag (mutable later, kept beside the manifest).
     *
     * @param key the key
     * @param value the value
     * @return this builder
     */
    public Builder tag(String key, String value) {
      tags.put(Names.requireTagKey(key), Names.requireTagValue(value));
      return this;
    }

    /**
     * Sets the description (mutable later).
     *
     * @param text the description
     * @return this builder
     */
    public Builder description(String text) {
      this.description = Names.requireDescription(text);
      return this;
    }

    /**
     * Sets the whole lineage.
     *
     * @param lineage the lineage
     * @return this builder
     */
    public Builder lineage(Lineage lineage) {
      this.lineage = Objects.requireNonNull(lineage, "lineage");
      return this;
    }

    /**
     * Records the training run that produced the artifact.
     *
     * @param runId the run id
     * @return this builder
     */
    public Builder runId(String runId) {
      this.lineage = lineage.withRunId(Names.requireTagValue(runId));
      return this;
    }

    /**
     * Records a version this artifact was derived from.
     *
     * @param parent the parent version
     * @return this builder
     */
    public Builder parent(VersionId parent) {
      this.lineage = lineage.withParent(parent);
      return this;
    }

    /**
     * Records a data set used: the manifest digest of a registered data set version, or the digest
     * of a data file.
     *
     * @param dataset the digest
     * @return this builder
     */
    public Builder dataset(Digest dataset) {
      this.lineage = lineage.withDataset(dataset);
      return this;
    }

    /**
     * Builds the registration.
     *
     * @return the registration
     * @throws InvalidInputException if no file was given or two files share a path
     */
    public Registration build() {
      if (files.isEmpty()) {
        throw new InvalidInputException("files", "Nothing to register: the artifact has no file.");
      }
      long distinct = files.stream().map(FileSource::path).distinct().count();
      if (distinct != files.size()) {
        throw new InvalidInputException("path", "Two files of the artifact have the same path.");
      }
      return new Registration(this);
    }

    void addBytes(String path, byte[] bytes) {
      Names.requireRelativePath(path);
      requireNotEmpty(path, bytes.length);
      files.add(new FileSource() {
        @Override
        public String path() {
          return path;
        }

        @Override
        public long size() {
          return bytes.length;
        }

        @Override
        public InputStream open() {
          return new ByteArrayInputStream(bytes);
        }

        @Override
        public dev.mlops.core.store.BlobInfo storeIn(dev.mlops.core.store.BlobStore blobs) {
          return blobs.put(bytes); // a store may hash first and write the final key directly
        }
      });
    }

    void addFile(String path, Path file) {
      Names.requireRelativePath(path);
      long size;
      try {
        if (Files.isSymbolicLink(file)) {
          throw new InvalidInputException("path", "'" + file + "' is a symbolic link; register the file it points to instead.");
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
          throw new InvalidInputException("path", "'" + file + "' is not a regular file.");
        }
        size = Files.size(file);
      } catch (IOException e) {
        throw new UncheckedIOException("could not read " + file, e);
      }
      requireNotEmpty(path, size);
      files.add(new FileSource() {
        @Override
        public String path() {
          return path;
        }

        @Override
        public long size() {
          return size;
        }

        @Override
        public InputStream open() throws IOException {
          return Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS);
        }
      });
    }

    void addDirectory(Path dir) {
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        throw new InvalidInputException("path", "'" + dir + "' is not a directory (symbolic links are refused).");
      }
      try {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            String rel = dir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
            if (attrs.isSymbolicLink()) {
              throw new InvalidInputException("path", "'" + rel + "' is a symbolic link; links are not registered, so nothing outside the directory is read.");
            }
            if (!attrs.isRegularFile()) {
              throw new InvalidInputException("path", "'" + rel + "' is not a regular file.");
            }
            addFile(rel, file);
            return FileVisitResult.CONTINUE;
          }
        });
      } catch (IOException e) {
        throw new UncheckedIOException("could not read " + dir, e);
      }
      if (files.isEmpty()) {
        throw new InvalidInputException("path", "Directory '" + dir + "' holds no file to register.");
      }
    }

    private static void requireNotEmpty(String path, long size) {
      if (size == 0) {
        throw new InvalidInputException("path", "File '" + path + "' is empty; an empty artifact is almost always a failed export. "
            + "Check the step that wrote it.");
      }
    }
  }
}
