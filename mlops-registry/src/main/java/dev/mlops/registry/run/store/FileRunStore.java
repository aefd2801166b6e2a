package dev.mlops.registry.run.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.core.ConflictException;
import dev.mlops.core.Digest;
import dev.mlops.core.IntegrityException;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.Names;
import dev.mlops.core.NotFoundException;
import dev.mlops.core.StoreException;
import dev.mlops.core.store.AtomicFiles;
import dev.mlops.registry.run.ArtifactRef;
import dev.mlops.registry.run.MetricPoint;
import dev.mlops.registry.run.RunQuery;
import dev.mlops.registry.run.RunRecord;
import dev.mlops.registry.run.spi.RunSnapshot;
import dev.mlops.registry.run.spi.RunStore;
import dev.mlops.registry.run.spi.RunUpdate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link RunStore} on the local file system, under the registry root beside {@code meta/}: safe
 * for many threads and for several processes on one machine.
 *
 * <p>Layout under the root:
 * <pre>
 * runs/layout.json                      the layout version
 * runs/r/AB/RUNID.jsonl                 the run's log: a create line, then one line per change
 * runs/experiments/EXP/.lock            the experiment's lock file
 * runs/experiments/EXP/index.jsonl      the experiment's query index (see below)
 * runs/tmp/                             files being written
 * </pre>
 *
 * <p><b>Writes.</b> A change takes the experiment's lock (a lock within this JVM, then an exclusive
 * {@link java.nio.channels.FileLock}), reads the run's log (incrementally: each store instance keeps
 * the folded record and the offset it read up to), applies {@link RunUpdate#applyTo}, appends one
 * JSON line to the run's log and forces it to disk: that append is the commit point. A run is created
 * by writing its first line to a temporary file and renaming it into place. A writer killed during an
 * append leaves a partial last line, which readers ignore and the next writer removes. A JVM that dies
 * leaves its runs RUNNING; their heartbeat stops advancing.
 *
 * <p><b>The index.</b> Each experiment has an append-only index: after a change to a queried field
 * (params, tags, metrics, status), the run's summary (status, parent, start, params, tags, latest
 * metrics) is appended as one line and forced. A query reads only the index of its experiment (or of
 * every experiment when it names none), keeps the last summary of each run, filters and orders those,
 * and then reads the full logs of the runs it returns (at most the limit): it never opens the logs of
 * runs that do not match. When the index holds more than twice as many lines as runs (plus 256), the
 * writer rewrites it with one line per run, atomically (temporary file, fsync, rename).
 * <b>Cost:</b> a write is two appends and two fsyncs (one for changes that are not indexed, such as
 * heartbeats and artifacts); a query is one sequential read of the experiment's index, O(lines) &le;
 * O(2 &times; runs + 256) summaries, plus one log read per returned run; each store instance caches
 * what it has read, so repeated queries read only the index lines appended since. A process killed
 * between the log append and the index append leaves the index one change behind for that run: the
 * run's own log (what {@link #get} and query results return) stays the truth, and the next indexed
 * change of the run, or {@link #reindex(String)}, brings the index up to date.
 *
 * <p>Instances are thread-safe.
 */
public final class FileRunStore implements RunStore {
  private static final Logger LOG = LoggerFactory.getLogger(FileRunStore.class);
  private static final int LAYOUT_VERSION = 1;
  private static final String LOG_SUFFIX = ".jsonl";
  private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

  private final Path root;
  private final Path runsDir;
  private final Path experimentsDir;
  private final Path tmp;
  private final Map<String, Folded> folded = new ConcurrentHashMap<>();
  private final Map<String, IndexCache> indexes = new ConcurrentHashMap<>();

  /** A run's record as read up to an offset of its log. */
  private static final class Folded {
    final long offset;
    final RunRecord record;

    Folded(long offset, RunRecord record) {
      this.offset = offset;
      this.record = record;
    }
  }

  /** An experiment index as read up to an offset of one file (identified by its file key). */
  private static final class IndexCache {
    final Object fileKey;
    final long offset;
    final long lines;
    final Map<String, RunRecord> summaries;

    IndexCache(Object fileKey, long offset, long lines, Map<String, RunRecord> summaries) {
      this.fileKey = fileKey;
      this.offset = offset;
      this.lines = lines;
      this.summaries = summaries;
    }
  }

  private FileRunStore(Path root) {
    this.root = root;
    Path base = root.resolve("runs");
    this.runsDir = base.resolve("r");
    this.experimentsDir = base.resolve("experiments");
    this.tmp = base.resolve("tmp");
  }

  /**
   * Opens (creating if needed) the run store under a registry root and removes temporary files left
   * by writers that died.
   *
   * @param root the registry root (runs live in {@code root/runs})
   * @return the store
   * @throws StoreException if the directory is unusable or was written by a newer SDK
   */
  public static FileRunStore open(Path root) {
    Objects.requireNonNull(root, "root");
    try {
      Files.createDirectories(root);
      FileRunStore s = new FileRunStore(root.toRealPath());
      Files.createDirectories(s.runsDir);
      Files.createDirectories(s.experimentsDir);
      Files.createDirectories(s.tmp);
      s.checkLayout();
      AtomicFiles.cleanTemporaryFiles(s.tmp);
      return s;
    } catch (IOException e) {
      throw new StoreException("file:" + root + "/runs", "Cannot open the run store under " + root + ": "
          + e.getMessage() + ". Check that the directory exists and is writable.", e);
    }
  }

  private void checkLayout() throws IOException {
    Path layout = root.resolve("runs").resolve("layout.json");
    if (!Files.exists(layout, LinkOption.NOFOLLOW_LINKS)) {
      AtomicFiles.write(tmp, layout, ("{\"schemaVersion\":" + LAYOUT_VERSION + "}\n").getBytes(StandardCharsets.UTF_8));
      return;
    }
    JsonNode n = RunJson.MAPPER.readTree(Files.readAllBytes(layout));
    int v = n == null ? -1 : n.path("schemaVersion").asInt(-1);
    if (v > LAYOUT_VERSION) {
      throw new StoreException(describe(), "The run store has layout version " + v + ", newer than this SDK knows ("
          + LAYOUT_VERSION + "); upgrade the SDK.", null);
    }
  }

  // ------------------------------------------------------------------ writes

  @Override
  public void create(RunRecord run) {
    Objects.requireNonNull(run, "run");
    createLog(run, RunJson.createLine(run));
  }

  /**
   * Imports a run as one create line that carries the whole record and, in its {@code history}
   * field, every metric point: written to a temporary file and renamed into place, so the import is
   * atomic like a create.
   */
  @Override
  public void importRun(RunSnapshot snapshot) {
    Objects.requireNonNull(snapshot, "snapshot");
    createLog(snapshot.run(), RunJson.importLine(snapshot));
  }

  private void createLog(RunRecord run, ObjectNode first) {
    withExperimentLock(run.experiment(), () -> {
      Path log = logFile(run.runId());
      if (Files.exists(log, LinkOption.NOFOLLOW_LINKS)) {
        throw new ConflictException("run " + run.runId(), "a new id", "an existing run", "Run " + run.runId()
            + " already exists; run ids are unique.");
      }
      Files.createDirectories(log.getParent());
      byte[] line = RunJson.line(first);
      AtomicFiles.write(tmp, log, line);
      folded.put(run.runId(), new Folded(line.length, run));
      appendIndex(run);
      return null;
    });
  }

  @Override
  public RunRecord update(String runId, RunUpdate update) {
    Objects.requireNonNull(update, "update");
    RunRecord before = read(runId).orElseThrow(() -> notFound(runId));
    return withExperimentLock(before.experiment(), () -> {
      Path log = logFile(runId);
      removePartialLine(log);
      Folded f = fold(runId).orElseThrow(() -> notFound(runId));
      RunRecord next = update.applyTo(f.record);
      byte[] line = RunJson.line(RunJson.updateLine(update));
      append(log, line);
      folded.put(runId, new Folded(f.offset + line.length, next));
      if (update.indexed()) {
        appendIndex(next);
      }
      return next;
    });
  }

  /**
   * Rebuilds an experiment's index from its runs' logs (reads every log of the experiment); use it
   * after a crash left the index behind, or to recover a lost index.
   *
   * @param experiment the experiment
   * @return the number of runs indexed
   * @throws StoreException if a file cannot be read or written
   */
  public int reindex(String experiment) {
    Names.requireModelName(experiment);
    return withExperimentLock(experiment, () -> {
      List<RunRecord> runs = new ArrayList<>();
      try (var shards = Files.newDirectoryStream(runsDir)) {
        for (Path shard : shards) {
          try (DirectoryStream<Path> logs = Files.newDirectoryStream(shard, "*" + LOG_SUFFIX)) {
            for (Path l : logs) {
              String id = l.getFileName().toString().replace(LOG_SUFFIX, "");
              fold(id).filter(f -> f.record.experiment().equals(experiment)).ifPresent(f -> runs.add(f.record));
            }
          }
        }
      }
      writeCompactIndex(experiment, runs);
      return runs.size();
    });
  }

  private void appendIndex(RunRecord r) throws IOException {
    Path file = indexFile(r.experiment());
    ObjectNode n = RunJson.MAPPER.createObjectNode();
    n.put("schemaVersion", RunJson.SCHEMA_VERSION);
    n.set("run", RunJson.record(summary(r)));
    append(file, RunJson.line(n));
    IndexCache c = readIndex(r.experiment());
    if (c.lines > 2L * c.summaries.size() + 256) {
      writeCompactIndex(r.experiment(), new ArrayList<>(c.summaries.values()));
    }
  }

  private void writeCompactIndex(String experiment, List<RunRecord> runs) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (RunRecord r : runs) {
      ObjectNode n = RunJson.MAPPER.createObjectNode();
      n.put("schemaVersion", RunJson.SCHEMA_VERSION);
      n.set("run", RunJson.record(summary(r)));
      out.write(RunJson.line(n));
    }
    Path file = indexFile(experiment);
    Files.createDirectories(file.getParent());
    AtomicFiles.write(tmp, file, out.toByteArray());
    indexes.remove(experiment);
  }

  /** The fields an index keeps: what queries filter and order on. */
  private static RunRecord summary(RunRecord r) {
    return new RunRecord(r.runId(), r.experiment(), r.name(), r.parentRunId(), r.status(), r.startedAt(), r.endedAt(),
        r.heartbeatAt(), Optional.empty(), r.params(), r.tags(), r.metrics(), Map.of(), List.of(), List.of(), Map.of(),
        List.of());
  }

  private interface Locked<R> {
    R run() throws IOException;
  }

  private <R> R withExperimentLock(String experiment, Locked<R> body) {
    Names.requireModelName(experiment);
    Path dir = experimentsDir.resolve(experiment);
    Path lockFile = dir.resolve(".lock");
    ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(lockFile, k -> new ReentrantLock());
    jvmLock.lock();
    try {
      Files.createDirectories(dir);
      try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          LinkOption.NOFOLLOW_LINKS)) {
        ch.lock();
        return body.run();
      }
    } catch (IOException e) {
      throw new StoreException(describe(), "Could not update the runs of experiment '" + experiment + "' in " + root
          + ": " + e.getMessage() + ". Check free space and permissions; the change was not made.", e);
    } catch (UncheckedIOException e) {
      throw new StoreException(describe(), "Could not update the runs of experiment '" + experiment + "': "
          + e.getCause().getMessage() + ". The change was not made.", e);
    } finally {
      jvmLock.unlock();
    }
  }

  private static void append(Path file, byte[] line) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS)) {
      ByteBuffer b = ByteBuffer.wrap(line);
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    }
  }

  /** Removes a partial last line left by a writer that died mid-append. Called under the lock. */
  private void removePartialLine(Path log) throws IOException {
    try (FileChannel ch = FileChannel.open(log, StandardOpenOption.READ, StandardOpenOption.WRITE,
        LinkOption.NOFOLLOW_LINKS)) {
      long size = ch.size();
      if (size == 0) {
        return;
      }
      ByteBuffer one = ByteBuffer.allocate(1);
      ch.read(one, size - 1);
      if (one.get(0) == '\n') {
        return;
      }
      long pos = size - 1;
      ByteBuffer buf = ByteBuffer.allocate(8192);
      long keep = 0;
      search:
      while (pos > 0) {
        long start = Math.max(0, pos - buf.capacity());
        buf.clear().limit((int) (pos - start));
        ch.read(buf, start);
        for (int i = buf.position() - 1; i >= 0; i--) {
          if (buf.get(i) == '\n') {
            keep = start + i + 1;
            break search;
          }
        }
        pos = start;
      }
      ch.truncate(keep);
      ch.force(true);
      folded.remove(log.getFileName().toString().replace(LOG_SUFFIX, ""));
      LOG.info("Removed {} bytes of an interrupted change from run log {}", size - keep, log.getFileName());
    }
  }

  // ------------------------------------------------------------------ reads

  @Override
  public Optional<RunRecord> get(String runId) {
    return read(runId);
  }

  private Optional<RunRecord> read(String runId) {
    RunRecord.requireRunId(runId);
    try {
      return fold(runId).map(f -> f.record);
    } catch (IOException e) {
      throw new StoreException(describe(), "Could not read run " + runId + ": " + e.getMessage(), e);
    }
  }

  /** Reads the complete lines appended since this instance last read the log, and folds them. */
  private Optional<Folded> fold(String runId) throws IOException {
    Path log = logFile(runId);
    Folded f = folded.get(runId);
    byte[] bytes;
    long from = f == null ? 0 : f.offset;
    try (FileChannel ch = FileChannel.open(log, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      long size = ch.size();
      if (size < from) { // cannot happen for complete lines; re-read from the start to be safe
        from = 0;
        f = null;
      }
      if (size == from && f != null) {
        return Optional.of(f);
      }
      ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(size - from));
      while (buf.hasRemaining() && ch.read(buf, from + buf.position()) >= 0) {
        // read to the end
      }
      bytes = buf.array();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    RunRecord r = f == null ? null : f.record;
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] != '\n') {
        continue;
      }
      String line = RunJson.utf8(bytes, start, i);
      JsonNode n = parsed(log, () -> RunJson.parse(line));
      if (r == null) {
        if (!"create".equals(n.path("op").asText())) {
          throw corrupt(log, "its first line does not create the run");
        }
        r = parsed(log, () -> RunJson.readRecord(n.get("run")));
      } else {
        RunUpdate u = parsed(log, () -> RunJson.readUpdate(n));
        RunRecord cur = r;
        r = parsed(log, () -> u.applyTo(cur));
      }
      start = i + 1;
    }
    if (r == null) {
      return Optional.empty(); // only a partial first line: not created
    }
    Folded next = new Folded(from + start, r);
    folded.put(runId, next);
    return Optional.of(next);
  }

  @Override
  public List<MetricPoint> metricHistory(String runId, String key) {
    Names.requireTagKey(key);
    Path log = logFile(RunRecord.requireRunId(runId));
    List<String> lines;
    try {
      lines = completeLines(Files.readAllBytes(log));
    } catch (NoSuchFileException e) {
      throw notFound(runId);
    } catch (IOException e) {
      throw new StoreException(describe(), "Could not read run " + runId + ": " + e.getMessage(), e);
    }
    List<MetricPoint> out = new ArrayList<>();
    for (String line : lines) {
      JsonNode n = parsed(log, () -> RunJson.parse(line));
      if ("metrics".equals(n.path("op").asText())) {
        RunUpdate.Metrics m = (RunUpdate.Metrics) parsed(log, () -> RunJson.readUpdate(n));
        m.points().stream().filter(p -> p.key().equals(key)).forEach(out::add);
      } else if (n.has("history")) { // an imported run's create line
        parsed(log, () -> RunJson.readPoints(n.get("history"))).stream().filter(p -> p.key().equals(key))
            .forEach(out::add);
      }
    }
    return out;
  }

  @Override
  public List<RunRecord> query(RunQuery query) {
    List<String> experiments = query.experiment().map(List::of).orElseGet(this::experiments);
    List<RunRecord> matches = new ArrayList<>();
    for (String e : experiments) {
      try {
        for (RunRecord s : readIndex(e).summaries.values()) {
          if (query.test(s)) {
            matches.add(s);
          }
        }
      } catch (IOException ex) {
        throw new StoreException(describe(), "Could not read the index of experiment '" + e + "': " + ex.getMessage(), ex);
      }
    }
    matches.sort(query.order());
    List<RunRecord> out = new ArrayList<>();
    for (RunRecord s : matches.subList(0, Math.min(matches.size(), query.limit()))) {
      read(s.runId()).ifPresent(out::add);
    }
    return List.copyOf(out);
  }

  private IndexCache readIndex(String experiment) throws IOException {
    Path file = indexFile(experiment);
    IndexCache c = indexes.get(experiment);
    byte[] bytes;
    Object key;
    long from;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      key = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
      long size = ch.size();
      if (c != null && (key == null || !key.equals(c.fileKey) || size < c.offset)) {
        c = null; // the index was rewritten: read it again
      }
      from = c == null ? 0 : c.offset;
      if (c != null && size == from) {
        return c;
      }
      ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(size - from));
      while (buf.hasRemaining() && ch.read(buf, from + buf.position()) >= 0) {
        // read to the end
      }
      bytes = buf.array();
    } catch (NoSuchFileException e) {
      return new IndexCache(null, 0, 0, Map.of());
    }
    Map<String, RunRecord> summaries = new LinkedHashMap<>(c == null ? Map.of() : c.summaries);
    long lines = c == null ? 0 : c.lines;
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        String line = RunJson.utf8(bytes, start, i);
        RunRecord s = parsed(file, () -> RunJson.readRecord(RunJson.parse(line).get("run")));
        summaries.put(s.runId(), s);
        lines++;
        start = i + 1;
      }
    }
    IndexCache next = new IndexCache(key, from + start, lines, Collections.unmodifiableMap(summaries));
    if (key != null) {
      indexes.put(experiment, next);
    }
    return next;
  }

  @Override
  public List<String> experiments() {
    List<String> out = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(experimentsDir)) {
      for (Path d : dirs) {
        if (Files.exists(d.resolve("index.jsonl"), LinkOption.NOFOLLOW_LINKS)) {
          out.add(d.getFileName().toString());
        }
      }
    } catch (IOException e) {
      throw new StoreException(describe(), "Could not list experiments: " + e.getMessage(), e);
    }
    Collections.sort(out);
    return out;
  }

  @Override
  public void forEachArtifactDigest(Consumer<Digest> visitor) {
    try (var shards = Files.newDirectoryStream(runsDir)) {
      for (Path shard : shards) {
        try (DirectoryStream<Path> logs = Files.newDirectoryStream(shard, "*" + LOG_SUFFIX)) {
          for (Path l : logs) {
            String id = l.getFileName().toString().replace(LOG_SUFFIX, "");
            Optional<Folded> f = fold(id);
            if (f.isPresent()) {
              for (ArtifactRef a : f.get().record.artifacts()) {
                visitor.accept(a.digest());
              }
            }
          }
        }
      }
    } catch (IOException e) {
      throw new StoreException(describe(), "Could not list run artifacts: " + e.getMessage(), e);
    }
  }

  @Override
  public String describe() {
    return "file:" + root.resolve("runs");
  }

  @Override
  public String toString() {
    return "FileRunStore[" + root.resolve("runs") + "]";
  }

  // ------------------------------------------------------------------ files

  private Path logFile(String runId) {
    return runsDir.resolve(runId.substring(0, 2)).resolve(runId + LOG_SUFFIX);
  }

  private Path indexFile(String experiment) {
    return experimentsDir.resolve(experiment).resolve("index.jsonl");
  }

  private static List<String> completeLines(byte[] bytes) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        out.add(RunJson.utf8(bytes, start, i));
        start = i + 1;
      }
    }
    return out;
  }

  private <T> T parsed(Path f, java.util.function.Supplier<T> parse) {
    try {
      return parse.get();
    } catch (InvalidInputException e) {
      throw corrupt(f, e.getMessage());
    }
  }

  private IntegrityException corrupt(Path f, String what) {
    String rel = root.relativize(f).toString();
    return new IntegrityException(rel, "a valid run log", what, "Run file " + rel + " in " + root + " is corrupt ("
        + what + "). Restore it from a backup.");
  }

  private NotFoundException notFound(String runId) {
    return new NotFoundException("run", runId, "Run " + runId + " does not exist in " + describe() + ".");
  }
}
