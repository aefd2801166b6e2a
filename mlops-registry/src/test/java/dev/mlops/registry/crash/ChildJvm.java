package dev.mlops.registry.crash;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real child JVM running {@link RegisteringChild} on the test JVM's class path. Its stdout and stderr
 * go to files (so no pipe can fill and block it, and nothing it printed is lost when it is killed:
 * {@link Process#destroyForcibly()} closes the parent's end of a stdout pipe, dropping whatever was
 * not read yet), and its stdin stays open as a lifeline (the child halts when it closes). Not
 * thread-safe.
 */
final class ChildJvm implements AutoCloseable {
  private final String label;
  private final Process process;
  private final Path stdout;
  private final Path stderr;
  private final long startedNanos = System.nanoTime();
  private long readyNanos;

  private ChildJvm(String label, Process process, Path stdout, Path stderr) {
    this.label = label;
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /**
   * Starts a child JVM; fails the test loudly if it cannot be started.
   *
   * @param label a short id, used for the names of its output files
   * @param logDir where to write its stdout and stderr
   * @param classPath the class path, from {@link #snapshotClassPath(Path)}
   * @param args the child's {@code key=value} arguments
   * @return the running child
   */
  static ChildJvm start(String label, Path logDir, String classPath, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(javaExecutable());
    // Start fast: the children are short-lived and do little that benefits from C2.
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-Xshare:auto");
    cmd.add("-XX:-UsePerfData");
    cmd.add("-Xmx256m");
    cmd.add("-XX:+DisplayVMOutputToStderr"); // keep VM warnings out of the line protocol on stdout
    cmd.add("-cp");
    cmd.add(classPath);
    cmd.add(RegisteringChild.class.getName());
    cmd.addAll(args);
    try {
      Files.createDirectories(logDir);
      Path out = logDir.resolve(label + ".stdout.txt");
      Path err = logDir.resolve(label + ".stderr.txt");
      ProcessBuilder pb = new ProcessBuilder(cmd)
          .redirectOutput(out.toFile())
          .redirectError(err.toFile())
          .redirectInput(ProcessBuilder.Redirect.PIPE);
      return new ChildJvm(label, pb.start(), out, err);
    } catch (IOException e) {
      throw new AssertionError("Could not start child JVM " + label + " with " + cmd.get(0) + ": " + e, e);
    }
  }

  /**
   * Returns the test JVM's class path with the entries this build produces (class directories and
   * {@code mlops-*} jars) copied under a directory first, so that children started later keep working
   * while a concurrent build cleans or reinstalls them. Third-party jars are used in place.
   *
   * @param into an empty directory to copy into
   * @return the class path for children
   */
  static String snapshotClassPath(Path into) throws IOException {
    String sep = System.getProperty("path.separator");
    List<String> out = new ArrayList<>();
    int i = 0;
    for (String entry : System.getProperty("java.class.path").split(Pattern.quote(sep))) {
      if (entry.isEmpty()) {
        continue;
      }
      Path p = Path.of(entry);
      if (Files.isDirectory(p)) {
        Path copy = into.resolve("dir" + i++);
        try (Stream<Path> files = Files.walk(p)) {
          for (Path f : (Iterable<Path>) files::iterator) {
            Path target = copy.resolve(p.relativize(f).toString());
            if (Files.isDirectory(f)) {
              Files.createDirectories(target);
            } else {
              Files.copy(f, target, StandardCopyOption.COPY_ATTRIBUTES);
            }
          }
        }
        out.add(copy.toString());
      } else if (p.getFileName().toString().startsWith("mlops-") && Files.isRegularFile(p)) {
        Path copy = into.resolve("jar" + i++).resolve(p.getFileName().toString());
        Files.createDirectories(copy.getParent());
        Files.copy(p, copy);
        out.add(copy.toString());
      } else {
        out.add(entry);
      }
    }
    String cp = String.join(sep, out);
    if (!cp.contains(into.toString())) {
      throw new AssertionError("the test class path has no class directory to copy: " + System.getProperty("java.class.path"));
    }
    return cp;
  }

  static String javaExecutable() {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    if (Files.isExecutable(java)) {
      return java.toString();
    }
    return ProcessHandle.current().info().command()
        .orElseThrow(() -> new AssertionError("cannot find the java executable of the test JVM"));
  }

  /**
   * Waits for the child's READY line; fails with its stderr if it exits or stalls first.
   *
   * @param timeout how long to wait
   */
  void awaitReady(Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (true) {
      boolean exited = !process.isAlive();
      if (lines().contains("READY")) {
        readyNanos = System.nanoTime();
        return;
      }
      if (exited) {
        fail("Child JVM " + label + " exited with " + process.exitValue() + " before it was ready; stdout "
            + lines() + "; stderr:\n" + stderrText());
      }
      if (System.nanoTime() > end) {
        fail("Child JVM " + label + " was not ready within " + timeout + "; stderr:\n" + stderrText());
      }
      Thread.sleep(5);
    }
  }

  /** Milliseconds from start to READY. */
  long startupMillis() {
    return TimeUnit.NANOSECONDS.toMillis(readyNanos - startedNanos);
  }

  /**
   * Sends one line to the child's stdin.
   *
   * @param line the line
   */
  void send(String line) throws IOException {
    OutputStream os = process.getOutputStream();
    os.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    os.flush();
  }

  /**
   * Kills the child with SIGKILL ({@code destroyForcibly}) and waits for it to die; its stdout file
   * then holds every line it printed.
   *
   * @return whether it was still running when killed
   */
  boolean kill() throws InterruptedException {
    boolean alive = process.isAlive();
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      fail("Child JVM " + label + " did not die within 30 s of SIGKILL");
    }
    return alive;
  }

  /**
   * Waits for the child to exit by itself.
   *
   * @param timeout how long to wait
   * @return its exit code
   */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      fail("Child JVM " + label + " did not finish within " + timeout + "; last lines " + tail(5) + "; stderr:\n" + stderrText());
    }
    return process.exitValue();
  }

  int exitValue() {
    return process.exitValue();
  }

  /**
   * Reads the complete lines the child printed so far (a line is complete once its newline is
   * written; the child writes each line with one system call, so a kill cannot split one).
   *
   * @return the lines
   */
  List<String> lines() {
    String text;
    try {
      text = Files.readString(stdout, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError("Could not read the stdout of child JVM " + label + ": " + e, e);
    }
    int end = text.lastIndexOf('\n');
    return end < 0 ? List.of() : List.of(text.substring(0, end).split("\n", -1));
  }

  List<String> tail(int n) {
    List<String> all = lines();
    return all.subList(Math.max(0, all.size() - n), all.size());
  }

  String stderrText() {
    try {
      return Files.readString(stderr);
    } catch (IOException e) {
      return "(stderr unreadable: " + e + ")";
    }
  }

  String label() {
    return label;
  }

  /** Kills the child if it still runs and closes its stdin. Never throws. */
  @Override
  public void close() {
    try {
      if (process.isAlive()) {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      try {
        process.getOutputStream().close();
      } catch (IOException e) {
        // already gone
      }
    }
  }
}
