package dev.mlops.monitoring.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.core.IntegrityException;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Replays a prediction log written by {@link JsonLinesFileSink}: every event of every file, in
 * write order, for audits and for replaying traffic into a new monitor.
 *
 * <pre>{@code
 * ReplaySummary s = PredictionLogReader.replay(Path.of("logs/fraud"), "predictions", event -> audit(event));
 * s.tornLines();   // a crash can cut the last line of a file short: reported here, not thrown
 * }</pre>
 *
 * <p>A file's last line that is cut short (no line end) or does not parse is a torn tail: it is
 * skipped and reported in {@link ReplaySummary#tornLines()}. A damaged line followed by others
 * cannot come from a crash and raises an {@link IntegrityException} naming the file and line.
 *
 * <p>Stateless and thread-safe.
 */
public final class PredictionLogReader {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private PredictionLogReader() {}

  /**
   * A skipped torn line. Immutable and thread-safe.
   *
   * @param file the file
   * @param line the line number, from 1
   * @param bytes the torn line's length in bytes
   * @param reason why it was skipped
   */
  public record TornLine(Path file, long line, int bytes, String reason) {}

  /**
   * What a replay read. Immutable and thread-safe.
   *
   * @param files the files read
   * @param events the events replayed
   * @param tornLines the torn tails skipped
   */
  public record ReplaySummary(int files, long events, List<TornLine> tornLines) {
    /**
     * Copies the list.
     *
     * @param files the files read
     * @param events the events replayed
     * @param tornLines the torn tails skipped
     */
    public ReplaySummary {
      tornLines = List.copyOf(tornLines);
    }
  }

  static List<Path> files(Path dir, String prefix) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> {
        String n = p.getFileName().toString();
        return n.startsWith(prefix + "-") && n.endsWith(JsonLinesFileSink.SUFFIX);
      }).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the prediction log in " + dir, e);
    }
  }

  /**
   * Replays every event of a log.
   *
   * @param directory the log's directory
   * @param prefix the log's file prefix ({@code predictions} by default)
   * @param consumer receives each event, in write order
   * @return what was read
   * @throws NullPointerException if an argument is null
   * @throws IntegrityException if a line other than a file's last is damaged
   * @throws UncheckedIOException if a file cannot be read
   */
  public static ReplaySummary replay(Path directory, String prefix, Consumer<? super PredictionEvent> consumer) {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(consumer, "consumer");
    List<Path> files = files(directory, prefix);
    List<TornLine> torn = new ArrayList<>();
    long events = 0;
    for (Path f : files) {
      events += replayFile(f, consumer, torn);
    }
    return new ReplaySummary(files.size(), events, torn);
  }

  private static long replayFile(Path f, Consumer<? super PredictionEvent> consumer, List<TornLine> torn) {
    long events = 0;
    long lineNo = 0;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(f), 1 << 16)) {
      ByteArrayOutputStream buf = new ByteArrayOutputStream(512);
      byte[] pending = null;
      long pendingNo = 0;
      int b;
      while (true) {
        b = in.read();
        if (b == '\n' || b < 0) {
          if (b < 0 && buf.size() == 0) {
            break;
          }
          lineNo++;
          byte[] line = buf.toByteArray();
          buf.reset();
          if (pending != null) {   // the previous line failed to parse and was not the last: damage
            throw damaged(f, pendingNo, pending);
          }
          if (b < 0) {
            torn.add(new TornLine(f, lineNo, line.length, "the last line has no line end (cut short by a crash)"));
            break;
          }
          if (line.length == 0) {
            continue;
          }
          PredictionEvent e = parse(line);
          if (e == null) {
            pending = line;
            pendingNo = lineNo;
            continue;
          }
          consumer.accept(e);
          events++;
        } else {
          buf.write(b);
        }
      }
      if (pending != null) {
        torn.add(new TornLine(f, pendingNo, pending.length, "the last line does not parse (cut short by a crash)"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the prediction log file " + f, e);
    }
    return events;
  }

  private static PredictionEvent parse(byte[] line) {
    try {
      JsonNode n = MAPPER.readTree(line);
      return n == null ? null : PredictionEventJson.read(n);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static IntegrityException damaged(Path f, long lineNo, byte[] line) {
    String start = new String(line, 0, Math.min(line.length, 40), StandardCharsets.UTF_8);
    return new IntegrityException(f + ":" + lineNo, "a prediction event per line", "a damaged line ("
        + line.length + " bytes)", "line " + lineNo + " of " + f + " is damaged and is not the file's last line, "
        + "so it was not cut by a crash; the log was changed by something else (starts with '"
        + start.replaceAll("[^\\p{Print}]", "?") + "')");
  }
}
