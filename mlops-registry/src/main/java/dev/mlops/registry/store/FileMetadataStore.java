package dev.mlops.registry.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.IntegrityException;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.Names;
import dev.mlops.core.NotFoundException;
import dev.mlops.core.StoreException;
import dev.mlops.core.artifact.VersionId;
import dev.mlops.core.store.AtomicFiles;
import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.VersionStatus;
import dev.mlops.registry.spi.MetadataStore;
import dev.mlops.registry.spi.ModelSnapshot;
import dev.mlops.registry.spi.NewVersion;
import dev.mlops.registry.spi.VersionRecord;
import dev.mlops.registry.spi.VersionState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link MetadataStore} in a directory of the local file system: the embedded default, safe for
 * many threads and for several processes on one machine.
 *
 * <p>Layout under the root:
 * <pre>
 * meta/layout.json                      the store layout version
 * meta/models/NAME/.lock                the model's lock file
 * meta/models/NAME/versions/N.json      version N: manifest, state, audit sequence
 * meta/models/NAME/aliases.json         the model's aliases
 * meta/models/NAME/audit.jsonl          the model's append-only audit log
 * tmp/                                  files being written
 * </pre>
 *
 * <p>How a change is made: the model's lock is taken (a lock within this JVM, then an exclusive
 * {@link FileLock} on the model's lock file, so processes are serialised too); the audit event is
 * appended to the log and forced to disk; the changed document, which records the sequence number
 * of its latest event, is written to a temporary file, forced and renamed atomically into place. That
 * rename is the commit point: an event whose document does not record it (the process died between
 * the two steps) is not committed, is never shown by {@link #auditLog(String)}, and is removed by the
 * next change to the model. Readers take no lock: every document is replaced atomically.
 *
 * <p>Instances are thread-safe.
 */
public final class FileMetadataStore implements MetadataStore {
  private static final Logger LOG = LoggerFactory.getLogger(FileMetadataStore.class);
  private static final int LAYOUT_VERSION = 1;
  private static final String JSON = ".json";

  /** In-JVM locks per lock file, since a file lock cannot be taken twice by one process. */
  private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

  private final Path root;
  private final Path models;
  private final Path tmp;

  private FileMetadataStore(Path root) {
    this.root = root;
    this.models = root.resolve("meta").resolve("models");
    this.tmp = root.resolve("tmp");
  }

  /**
   * Opens (creating if needed) a metadata store rooted at a directory, checks its layout version and
   * removes temporary files left by writers that died.
   *
   * @param root the store's root directory (it may also hold a {@code FileBlobStore})
   * @return the store
   * @throws StoreException if the directory is unusable or was written by a newer SDK
   */
  public static FileMetadataStore open(Path root) {
    Objects.requireNonNull(root, "root");
    try {
      Files.createDirectories(root);
      FileMetadataStore s = new FileMetadataStore(root.toRealPath());
      Files.createDirectories(s.models);
      Files.createDirectories(s.tmp);
      s.checkLayout();
      int removed = AtomicFiles.cleanTemporaryFiles(s.tmp);
      if (removed > 0) {
        LOG.info("Removed {} temporary files left by interrupted writes in {}", removed, s.tmp);
      }
      return s;
    } catch (IOException e) {
      throw new StoreException("file:" + root, "Cannot open the metadata store at " + root + ": " + e.getMessage()
          + ". Check that the directory exists and is writable.", e);
    }
  }

  private void checkLayout() throws IOException {
    Path layout = root.resolve("meta").resolve("layout.json");
    if (!Files.exists(layout, LinkOption.NOFOLLOW_LINKS)) {
      AtomicFiles.write(tmp, layout, ("{\"schemaVersion\":" + LAYOUT_VERSION + "}\n").getBytes(StandardCharsets.UTF_8));
      return;
    }
    JsonNode n;
    try {
      n = RecordJson.MAPPER.readTree(Files.readAllBytes(layout));
    } catch (IOException e) {
      throw new StoreException(describe(), "The store's layout file " + layout + " is not valid JSON; restore it from a backup.", e);
    }
    int v = n == null ? -1 : n.path("schemaVersion").asInt(-1);
    if (v > LAYOUT_VERSION) {
      throw new StoreException(describe(), "The store at " + root + " has layout version " + v
          + ", newer than this SDK knows (" + LAYOUT_VERSION + "); upgrade the SDK.", null);
    }
    if (v < 1) {
      throw new StoreException(describe(), "The store's layout file " + layout + " has no valid schemaVersion; restore it from a backup.", null);
    }
  }

  // ------------------------------------------------------------------ writes

  @Override
  public VersionRecord createVersion(String name, NewVersion v, AuditEvent event) {
    Names.requireModelName(name);
    return mutate(name, true, (dir, audit) -> {
      List<Integer> numbers = numbersIn(dir);
      for (int n : numbers) { // the first readable version tells the name's kind; a corrupt one is skipped
        try {
          VersionRecord first = readVersionFile(dir, n).orElseThrow();
          if (first.kind() != v.kind()) {
            throw StoreSupport.kindConflict(name, first.kind(), v.kind());
          }
          break;
        } catch (IntegrityException corrupt) {
          LOG.warn("Skipping corrupt version {}/{} while checking the kind of the name: {}", name, n, corrupt.getMessage());
        }
      }
      int number = numbers.isEmpty() ? 1 : numbers.get(numbers.size() - 1) + 1;
      VersionRecord r = new VersionRecord(new VersionId(name, number), v.kind(), v.manifestDigest(), v.manifestJson(),
          v.registeredAt(), v.registeredBy(), v.state());
      long seq = audit.append(StoreSupport.withVersion(event, number));
      Files.createDirectories(dir.resolve("versions"));
      AtomicFiles.write(tmp, versionFile(dir, number), RecordJson.bytes(RecordJson.writeVersion(r, seq)));
      return r;
    });
  }

  @Override
  public VersionRecord updateState(
      String name, int version, long expectedRevision, VersionState newState, AuditEvent event) {
    Names.requireModelName(name);
    return mutate(name, false, (dir, audit) -> {
      VersionRecord current = readVersionFile(dir, version).orElseThrow(() -> StoreSupport.versionNotFound(name, version));
      StoreSupport.checkRevision(current, expectedRevision);
      if (newState.status() == VersionStatus.ARCHIVED) {
        StoreSupport.checkNoAlias(name, version, readAliasesFile(dir).aliases);
      }
      VersionRecord updated = current.withState(StoreSupport.revised(newState, expectedRevision));
      long seq = audit.append(StoreSupport.withVersion(event, version));
      AtomicFiles.write(tmp, versionFile(dir, version), RecordJson.bytes(RecordJson.writeVersion(updated, seq)));
      return updated;
    });
  }

  @Override
  public void compareAndSetAlias(String name, String alias, OptionalInt expected, OptionalInt target, AuditEvent event) {
    Names.requireModelName(name);
    Names.requireAlias(alias);
    mutate(name, false, (dir, audit) -> {
      if (numbersIn(dir).isEmpty()) {
        throw new NotFoundException("model", name, "Model '" + name + "' has no versions; register one first.");
      }
      Map<String, Integer> aliases = new TreeMap<>(readAliasesFile(dir).aliases);
      StoreSupport.checkAlias(name, alias, expected, aliases.get(alias));
      if (target.isPresent()) {
        VersionRecord t = readVersionFile(dir, target.getAsInt())
            .orElseThrow(() -> StoreSupport.versionNotFound(name, target.getAsInt()));
        StoreSupport.checkNotArchived(t, alias);
        aliases.put(alias, target.getAsInt());
      } else {
        aliases.remove(alias);
      }
      long seq = audit.append(event);
      AtomicFiles.write(tmp, dir.resolve("aliases.json"), RecordJson.bytes(RecordJson.writeAliases(aliases, seq)));
      return null;
    });
  }

  /**
   * Imports a model by writing its whole directory under {@code tmp/} and renaming it into the model
   * area in one step: the rename is the commit point, so a crash leaves the model absent (and an
   * unused directory under {@code tmp/}), never half imported. Every version document records the last
   * event of its version and the alias document the last alias event, which is what makes the
   * imported events committed by this store's rule.
   */
  @Override
  public void importModel(ModelSnapshot snapshot) {
    String name = Names.requireModelName(snapshot.name());
    Path dir = models.resolve(name);
    ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(dir.resolve(".lock"), k -> new ReentrantLock());
    Path staging = tmp.resolve("import-" + java.util.UUID.randomUUID());
    jvmLock.lock();
    try {
      List<Integer> existing = numbersIn(dir);
      if (!existing.isEmpty()) {
        throw StoreSupport.importConflict(name, existing.size());
      }
      Map<Integer, Long> versionSeq = new java.util.HashMap<>();
      long aliasSeq = 0;
      java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
      for (AuditEvent e : snapshot.auditLog()) {
        log.writeBytes(RecordJson.auditLine(e));
        if (e.action().isAliasChange()) {
          aliasSeq = e.sequence();
        } else {
          versionSeq.put(e.version(), e.sequence());
        }
      }
      Path stagedModel = staging.resolve(name);
      Files.createDirectories(stagedModel.resolve("versions"));
      for (VersionRecord r : snapshot.versions()) {
        AtomicFiles.write(tmp, versionFile(stagedModel, r.id().version()),
            RecordJson.bytes(RecordJson.writeVersion(r, versionSeq.getOrDefault(r.id().version(), 0L))));
      }
      AtomicFiles.write(tmp, stagedModel.resolve("aliases.json"),
          RecordJson.bytes(RecordJson.writeAliases(snapshot.aliases(), aliasSeq)));
      AtomicFiles.write(tmp, stagedModel.resolve("audit.jsonl"), log.toByteArray());
      AtomicFiles.fsyncDirectory(stagedModel.resolve("versions"));
      AtomicFiles.fsyncDirectory(stagedModel);
      if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
        // a directory without versions, left by a registration that never committed: set it aside
        Files.move(dir, staging.resolve("leftover"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      }
      Files.move(stagedModel, dir, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      AtomicFiles.fsyncDirectory(models);
    } catch (IOException e) {
      throw new StoreException(describe(), "Could not import model '" + name + "' into " + root + ": " + e.getMessage()
          + ". Check free space and permissions; the model was not imported.", e);
    } finally {
      jvmLock.unlock();
      deleteTree(staging);
    }
  }

  private static void deleteTree(Path p) {
    if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (java.util.stream.Stream<Path> walk = Files.walk(p)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> {
        try {
          Files.deleteIfExists(f);
        } catch (IOException e) {
          LOG.warn("Could not remove {}: {}", f, e.getMessage());
        }
      });
    } catch (IOException e) {
      LOG.warn("Could not remove {}: {}", p, e.getMessage());
    }
  }

  private interface Mutation<R> {
    R apply(Path modelDir, AuditAppender audit) throws IOException;
  }

  /** Appends events to a model's log under its lock, numbering them after the last committed one. */
  private static final class AuditAppender {
    private final Path file;
    private long lastSequence;

    AuditAppender(Path file, long lastSequence) {
      this.file = file;
      this.lastSequence = lastSequence;
    }

    /** Appends the event with the next sequence number, forced to disk; returns the number. */
    long append(AuditEvent event) throws IOException {
      long seq = lastSequence + 1;
      byte[] line = RecordJson.auditLine(event.withSequence(seq));
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS)) {
        ByteBuffer b = ByteBuffer.wrap(line);
        while (b.hasRemaining()) {
          ch.write(b);
        }
        ch.force(true);
      }
      lastSequence = seq;
      return seq;
    }
  }

  /**
   * Runs a change under the model's locks. With {@code create} false, a model without a directory
   * is reported as not found instead of being created.
   */
  private <R> R mutate(String name, boolean create, Mutation<R> mutation) {
    Path dir = models.resolve(name);
    Path lockFile = dir.resolve(".lock");
    ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(lockFile, k -> new ReentrantLock());
    jvmLock.lock();
    try {
      if (create) {
        Files.createDirectories(dir);
      } else if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        throw new NotFoundException("model", name, "Model '" + name + "' has no versions; register one first.");
      }
      FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          LinkOption.NOFOLLOW_LINKS);
      try {
        ch.lock();
        long last = recoverAudit(dir);
        return mutation.apply(dir, new AuditAppender(dir.resolve("audit.jsonl"), last));
      } finally {
        try {
          ch.close(); // releases the file lock
        } catch (IOException e) {
          // The change (if any) is already committed or was never made; only the unlock failed, and
          // the operating system releases the lock when the process exits.
          LOG.warn("Could not release the lock of model '{}': {}", name, e.getMessage());
        }
      }
    } catch (IOException e) {
      throw new StoreException(describe(), "Could not update model '" + name + "' in " + root + ": " + e.getMessage()
          + ". Check free space and permissions; the change was not made.", e);
    } catch (UncheckedIOException e) {
      throw new StoreException(describe(), "Could not update model '" + name + "' in " + root + ": "
          + e.getCause().getMessage() + ". The change was not made.", e);
    } finally {
      jvmLock.unlock();
    }
  }

  /**
   * Removes what a writer that died left at the end of the audit log: a partial line, and an event
   * whose change was never committed. Called under the lock, before every change. Reads only the end
   * of the log.
   *
   * @return the sequence number of the last committed event, 0 for an empty log
   */
  private long recoverAudit(Path dir) throws IOException {
    Path file = dir.resolve("audit.jsonl");
    AuditTail tail = readAuditTail(file);
    long keep = tail.completeLength;
    long last = 0;
    if (tail.lastEvent != null) {
      if (isCommitted(dir, tail.lastEvent)) {
        last = tail.lastEvent.sequence();
      } else {
        keep = tail.lastLineStart;
        last = tail.lastEvent.sequence() - 1;
      }
    }
    if (keep < tail.fileLength) {
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
        ch.truncate(keep);
        ch.force(true);
      }
      LOG.info("Removed {} bytes of an interrupted change from the audit log of {}", tail.fileLength - keep, dir.getFileName());
    }
    return last;
  }

  /** The end of an audit log: its last complete event, where that line starts, and the lengths. */
  private static final class AuditTail {
    AuditEvent lastEvent;
    long lastLineStart;
    long completeLength;
    long fileLength;
  }

  private static final int TAIL_WINDOW = 1 << 18;

  private AuditTail readAuditTail(Path file) throws IOException {
    AuditTail t = new AuditTail();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      long size = ch.size();
      t.fileLength = size;
      long windowStart = Math.max(0, size - TAIL_WINDOW);
      ByteBuffer buf = ByteBuffer.allocate((int) (size - windowStart));
      while (buf.hasRemaining() && ch.read(buf, windowStart + buf.position()) >= 0) {
        // read the window
      }
      byte[] b = buf.array();
      int lastNl = lastIndexOf(b, b.length - 1);
      if (lastNl < 0) {
        if (windowStart > 0) {
          throw new IntegrityException(root.relativize(file).toString(), "lines of at most " + TAIL_WINDOW + " bytes",
              "a longer line", "The audit log " + file + " ends with a line longer than any event; restore it from a backup.");
        }
        return t; // no complete line: everything is a partial first line
      }
      t.completeLength = windowStart + lastNl + 1;
      int prevNl = lastIndexOf(b, lastNl - 1);
      if (prevNl < 0 && windowStart > 0) {
        throw new IntegrityException(root.relativize(file).toString(), "lines of at most " + TAIL_WINDOW + " bytes",
            "a longer line", "The audit log " + file + " holds a line longer than any event; restore it from a backup.");
      }
      t.lastLineStart = windowStart + prevNl + 1;
      String line = new String(b, prevNl + 1, lastNl - prevNl - 1, StandardCharsets.UTF_8);
      t.lastEvent = parsed(file, () -> RecordJson.readAuditLine(line));
    } catch (NoSuchFileException e) {
      return t;
    }
    return t;
  }

  private static int lastIndexOf(byte[] b, int from) {
    for (int i = from; i >= 0; i--) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private boolean isCommitted(Path dir, AuditEvent e) {
    return committedSequence(dir, e) >= e.sequence();
  }

  /**
   * The sequence number of the latest event committed to the document an event changes. A document
   * that exists but cannot be read is treated as having committed every event, so one corrupt file
   * never hides the audit log or blocks changes to the rest of the model; {@link #verify()} reports it.
   */
  private long committedSequence(Path dir, AuditEvent e) {
    try {
      if (e.action().isAliasChange()) {
        return readAliasesFile(dir).auditSeq;
      }
      JsonNode n = readJson(versionFile(dir, e.version()));
      return n == null ? 0 : RecordJson.auditSeq(n);
    } catch (IntegrityException corrupt) {
      return Long.MAX_VALUE;
    }
  }

  // ------------------------------------------------------------------ reads

  @Override
  public Optional<VersionRecord> getVersion(String name, int version) {
    Names.requireModelName(name);
    return readVersionFile(models.resolve(name), version);
  }

  @Override
  public List<Integer> versionNumbers(String name) {
    Names.requireModelName(name);
    return numbersIn(models.resolve(name));
  }

  @Override
  public List<String> names() {
    List<String> out = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(models)) {
      for (Path d : dirs) {
        if (Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS) && !numbersIn(d).isEmpty()) {
          out.add(d.getFileName().toString());
        }
      }
    } catch (IOException e) {
      throw readFailure("the model list", e);
    }
    Collections.sort(out);
    return out;
  }

  @Override
  public Map<String, Integer> aliases(String name) {
    Names.requireModelName(name);
    return readAliasesFile(models.resolve(name)).aliases;
  }

  @Override
  public List<AuditEvent> auditLog(String name) {
    Names.requireModelName(name);
    Path dir = models.resolve(name);
    AuditFile log = readAuditFile(dir);
    List<AuditEvent> out = new ArrayList<>(log.events.size());
    long aliasSeq = -1;
    Map<Integer, Long> versionSeq = new java.util.HashMap<>();
    for (AuditEvent e : log.events) {
      long committed;
      if (e.action().isAliasChange()) {
        if (aliasSeq < 0) {
          aliasSeq = readAliasesFile(dir).auditSeq;
        }
        committed = aliasSeq;
      } else {
        committed = versionSeq.computeIfAbsent(e.version(), v -> committedSequence(dir, e));
      }
      if (committed >= e.sequence()) {
        out.add(e);
      }
    }
    return out;
  }

  @Override
  public List<String> verify() {
    List<String> problems = new ArrayList<>();
    List<String> names;
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(models)) {
      names = new ArrayList<>();
      for (Path d : dirs) {
        String n = d.getFileName().toString();
        if (!Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
          problems.add("unexpected entry in the model area: " + n);
          continue;
        }
        names.add(n);
      }
    } catch (IOException e) {
      throw readFailure("the model list", e);
    }
    for (String name : names) {
      Path dir = models.resolve(name);
      List<Integer> numbers = numbersIn(dir);
      for (int n : numbers) {
        try {
          VersionRecord r = readVersionFile(dir, n).orElseThrow();
          if (!r.id().equals(new VersionId(name, n))) {
            problems.add("version file " + name + "/" + n + " holds version " + r.id());
          }
        } catch (IntegrityException e) {
          problems.add(e.getMessage());
        }
      }
      try {
        readAliasesFile(dir).aliases.forEach((alias, v) -> {
          if (!numbers.contains(v)) {
            problems.add("alias " + name + "@" + alias + " points at version " + v + ", which does not exist");
          }
        });
        readAuditFile(dir);
      } catch (IntegrityException e) {
        problems.add(e.getMessage());
      }
    }
    return problems;
  }

  @Override
  public String describe() {
    return "file:" + root;
  }

  @Override
  public String toString() {
    return "FileMetadataStore[" + root + "]";
  }

  // ------------------------------------------------------------------ files

  private static Path versionFile(Path dir, int version) {
    return dir.resolve("versions").resolve(version + JSON);
  }

  private List<Integer> numbersIn(Path dir) {
    Path versions = dir.resolve("versions");
    List<Integer> out = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(versions, "*" + JSON)) {
      for (Path f : files) {
        String n = f.getFileName().toString();
        String digits = n.substring(0, n.length() - JSON.length());
        if (digits.matches("[1-9][0-9]{0,9}") && Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
          out.add(Integer.parseInt(digits));
        }
      }
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw readFailure("the versions of " + dir.getFileName(), e);
    }
    Collections.sort(out);
    return out;
  }

  private Optional<VersionRecord> readVersionFile(Path dir, int version) {
    Path f = versionFile(dir, version);
    JsonNode n = readJson(f);
    if (n == null) {
      return Optional.empty();
    }
    return Optional.of(parsed(f, () -> RecordJson.readVersion(n)));
  }

  private static final class Aliases {
    final Map<String, Integer> aliases;
    final long auditSeq;

    Aliases(Map<String, Integer> aliases, long auditSeq) {
      this.aliases = Collections.unmodifiableMap(aliases);
      this.auditSeq = auditSeq;
    }
  }

  private Aliases readAliasesFile(Path dir) {
    Path f = dir.resolve("aliases.json");
    JsonNode n = readJson(f);
    if (n == null) {
      return new Aliases(new TreeMap<>(), 0);
    }
    return parsed(f, () -> new Aliases(RecordJson.readAliases(n), RecordJson.auditSeq(n)));
  }

  private static final class AuditFile {
    final List<AuditEvent> events = new ArrayList<>();
    final List<Long> lineStarts = new ArrayList<>();
    long committedLength;
    long fileLength;

    long lastSequence() {
      return events.isEmpty() ? 0 : events.get(events.size() - 1).sequence();
    }
  }

  /** Reads the complete lines of the audit log; a partial last line (an interrupted append) is left out. */
  private AuditFile readAuditFile(Path dir) {
    Path f = dir.resolve("audit.jsonl");
    AuditFile out = new AuditFile();
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(f);
    } catch (NoSuchFileException e) {
      return out;
    } catch (IOException e) {
      throw readFailure(f.toString(), e);
    }
    out.fileLength = bytes.length;
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        String line = new String(bytes, start, i - start, StandardCharsets.UTF_8);
        out.lineStarts.add((long) start);
        out.events.add(parsed(f, () -> RecordJson.readAuditLine(line)));
        start = i + 1;
      }
    }
    out.committedLength = start;
    return out;
  }

  /** Reads a JSON document, or null if the file does not exist. */
  private JsonNode readJson(Path f) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(f);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw readFailure(f.toString(), e);
    }
    return parsed(f, () -> RecordJson.parse(bytes));
  }

  private <T> T parsed(Path f, Supplier<T> parse) {
    try {
      return parse.get();
    } catch (InvalidInputException e) {
      String rel = root.relativize(f).toString();
      throw new IntegrityException(rel, "a valid metadata document", e.getMessage(),
          "Metadata file " + rel + " in " + root + " is corrupt (" + e.getMessage()
              + "). Restore it from a backup; run verify() to list every problem.", e);
    }
  }

  private StoreException readFailure(String what, IOException e) {
    return new StoreException(describe(), "Could not read " + what + " in " + root + ": " + e.getMessage(), e);
  }
}
