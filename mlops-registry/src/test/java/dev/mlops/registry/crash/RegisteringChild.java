package dev.mlops.registry.crash;

import dev.mlops.core.artifact.ArtifactFormat;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Registration;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The main class of the child JVMs started by {@link CrashSafetyTest} and
 * {@link MultiProcessRegistrationTest}: opens a registry on a directory and writes to it in a tight
 * loop, printing one line to stdout after every committed change. Not a test itself.
 *
 * <p>Arguments are {@code key=value}: {@code mode} ({@code crash} or {@code multi}), {@code root},
 * {@code child} (an id), {@code seed}, {@code count} (most iterations), {@code maxMillis} (most
 * run time) and {@code names} (comma-separated; the first is the main name).
 *
 * <p>Protocol on stdout, one line each, flushed at once:
 * <pre>
 * READY                                         the registry is open
 * BEGIN REG name iteration size                 about to register
 * REG name version manifestDigest seed size     registered (committed)
 * BEGIN ALIAS name alias version / ALIAS name alias version
 * BEGIN TAG name version key value / TAG name version key value
 * DONE iterations                               the loop ended by itself
 * </pre>
 *
 * <p>A child never outlives its parent for long: its loop is bounded by count and time, and a watchdog
 * halts it as soon as its stdin (a pipe from the parent) reaches end of file. In {@code multi} mode it
 * waits for a {@code GO} line on stdin before writing, so that all children start together.
 */
public final class RegisteringChild {
  /** The path of the single file of every registered artifact. */
  static final String FILE = "model.bin";
  static final String SEED_KEY = "content.seed";
  static final String SIZE_KEY = "content.size";
  static final String ALIAS = "champion";
  static final String TAG_KEY = "step";

  private static final int MAX_SIZE = 2 << 20;

  private RegisteringChild() {}

  /**
   * The bytes registered for a content seed and size: what the parent recomputes to check a version.
   *
   * @param seed the content seed (recorded in the manifest's metadata)
   * @param size the size (recorded in the manifest's metadata)
   * @return the bytes
   */
  static byte[] content(long seed, int size) {
    byte[] b = new byte[size];
    new SplittableRandom(seed).nextBytes(b);
    return b;
  }

  static Registration registration(String name, String child, int iteration, long seed, int size) {
    return Registration.bytes(name, FILE, content(seed, size), ArtifactFormat.RAW)
        .metadata(SEED_KEY, Long.toString(seed))
        .metadata(SIZE_KEY, Integer.toString(size))
        .tag("child", child)
        .tag("iteration", Integer.toString(iteration))
        .description("registered by child " + child)
        .build();
  }

  /** Crash mode: about one in six artifacts is 1-2 MiB, so kills often land in a long write; the rest span 4 B to 1 MiB. */
  static int crashSize(SplittableRandom rnd) {
    if (rnd.nextInt(6) == 0) {
      return rnd.nextInt(1 << 20, MAX_SIZE + 1);
    }
    return logUniform(rnd, 4, 1 << 20);
  }

  static int logUniform(SplittableRandom rnd, int min, int max) {
    double v = Math.exp(rnd.nextDouble(Math.log(min), Math.log(max)));
    return (int) Math.max(min, Math.min(max, Math.round(v)));
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> a = new HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("expected key=value, got " + arg);
      }
      a.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    String mode = require(a, "mode");
    Path root = Path.of(require(a, "root"));
    String child = require(a, "child");
    long seed = Long.parseLong(require(a, "seed"));
    int count = Integer.parseInt(require(a, "count"));
    long maxMillis = Long.parseLong(require(a, "maxMillis"));
    List<String> names = List.of(require(a, "names").split(","));
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxMillis);

    CountDownLatch go = new CountDownLatch(1);
    Thread watchdog = new Thread(() -> watchParent(go), "parent-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();

    // Buffered with autoflush: each println reaches stdout in one write, so a kill never leaves half a line.
    PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 13), true,
        StandardCharsets.UTF_8);
    int done;
    if (mode.equals("crash")) {
      warmUp(child);
    }
    try (ModelRegistry registry = ModelRegistry.open(root)) {
      Map<String, Integer> last = new HashMap<>();
      for (String n : names) {
        List<Integer> numbers = registry.metadataStore().versionNumbers(n);
        last.put(n, numbers.isEmpty() ? 0 : numbers.get(numbers.size() - 1));
      }
      out.println("READY");
      out.flush();
      if (mode.equals("multi")) {
        if (!go.await(maxMillis, TimeUnit.MILLISECONDS)) {
          System.err.println("no GO from the parent within " + maxMillis + " ms");
          System.exit(4);
        }
        done = multi(registry, out, child, new SplittableRandom(seed), count, deadline, names);
      } else if (mode.equals("crash")) {
        done = crash(registry, out, child, new SplittableRandom(seed), count, deadline, names, last);
      } else {
        throw new IllegalArgumentException("unknown mode " + mode);
      }
    }
    out.println("DONE " + done);
    out.flush();
    System.exit(0);
  }

  /** Registers, moves the alias and sets tags at random, as fast as it can, until killed. */
  private static int crash(ModelRegistry registry, PrintStream out, String child, SplittableRandom rnd, int count,
      long deadline, List<String> names, Map<String, Integer> last) {
    int i = 0;
    for (; i < count && System.nanoTime() < deadline; i++) {
      String name = names.size() > 1 && rnd.nextInt(5) == 0 ? names.get(1) : names.get(0);
      long contentSeed = rnd.nextLong();
      int size = crashSize(rnd);
      Registration registration = registration(name, child, i, contentSeed, size);
      out.println("BEGIN REG " + name + " " + i + " " + size);
      ModelVersion v = registry.register(registration);
      out.println("REG " + name + " " + v.version() + " " + v.manifestDigest() + " " + contentSeed + " " + size);
      last.put(name, v.version());
      int op = rnd.nextInt(8);
      if (op < 2) {
        int target = 1 + rnd.nextInt(last.get(name));
        out.println("BEGIN ALIAS " + name + " " + ALIAS + " " + target);
        registry.setAlias(name, ALIAS, target);
        out.println("ALIAS " + name + " " + ALIAS + " " + target);
      } else if (op < 4) {
        int target = 1 + rnd.nextInt(last.get(name));
        String value = child + "-" + i;
        out.println("BEGIN TAG " + name + " " + target + " " + TAG_KEY + " " + value);
        registry.setTag(name, target, TAG_KEY, value);
        out.println("TAG " + name + " " + target + " " + TAG_KEY + " " + value);
      }
    }
    return i;
  }

  /**
   * Runs the registration code paths once against an in-memory registry, so that class loading and
   * the first compilations happen before READY and the parent's random kill delay is spent on real
   * writes to the store.
   */
  private static void warmUp(String child) {
    try (ModelRegistry mem = ModelRegistry.open(java.net.URI.create("mem:warmup-" + child))) {
      SplittableRandom rnd = new SplittableRandom(42);
      for (int i = 0; i < 4; i++) {
        ModelVersion v = mem.register(registration("warmup", child, i, rnd.nextLong(), 64 << 10));
        mem.setAlias("warmup", ALIAS, v.version());
        mem.setTag("warmup", v.version(), TAG_KEY, "w" + i);
      }
    }
  }

  /** Registers {@code count} versions to the first name and one in four to the second. */
  private static int multi(ModelRegistry registry, PrintStream out, String child, SplittableRandom rnd, int count,
      long deadline, List<String> names) {
    int i = 0;
    for (; i < count; i++) {
      if (System.nanoTime() >= deadline) {
        System.err.println("time bound reached after " + i + " of " + count + " registrations");
        System.exit(5);
      }
      for (String name : i % 4 == 0 && names.size() > 1 ? names : names.subList(0, 1)) {
        long contentSeed = rnd.nextLong();
        int size = logUniform(rnd, 4, 512 << 10);
        out.println("BEGIN REG " + name + " " + i + " " + size);
        ModelVersion v = registry.register(registration(name, child, i, contentSeed, size));
        out.println("REG " + name + " " + v.version() + " " + v.manifestDigest() + " " + contentSeed + " " + size);
      }
    }
    return i;
  }

  /** Releases {@code go} on a GO line; halts the JVM when stdin ends, which means the parent is gone. */
  private static void watchParent(CountDownLatch go) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.trim().equals("GO")) {
          go.countDown();
        }
      }
    } catch (Exception e) {
      // fall through: treat a broken pipe like end of file
    }
    System.err.println("stdin closed: the parent is gone, halting");
    Runtime.getRuntime().halt(3);
  }

  private static String require(Map<String, String> a, String key) {
    String v = a.get(key);
    if (v == null) {
      throw new IllegalArgumentException("missing argument " + key + "=...");
    }
    return v;
  }
}
