package dev.mlops.registry.run;

import dev.mlops.core.Digest;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Captures the environment a run executes in, as a flat sorted map recorded with every run:
 * <ul>
 *   <li>{@code jvm.vendor}, {@code jvm.version}, {@code jvm.vm} (VM name and version),
 *       {@code os.name}, {@code os.arch}, {@code os.version}, {@code cpu.count};</li>
 *   <li>{@code sdk.version} (this SDK's version from its jar's Maven metadata, or
 *       {@code development} when run from class directories) and
 *       {@code tribuo.version};</li>
 *   <li>{@code jar.NAME} = {@code VERSION sha256:HEX} for every jar on the class path
 *       ({@code java.class.path}, and the URLs of the URL class loaders that loaded the SDK, as under
 *       {@code mvn exec:java} or an application server): NAME and VERSION from the Maven file name
 *       ({@code tribuo-core-4.3.2.jar}), or the manifest's {@code Implementation-Version}; the digest
 *       is computed once per jar path, size and modification time within the JVM;
 *       {@code classpath.directories} counts class directories (not hashed);</li>
 *   <li>{@code jvm.flags}: the JVM's input arguments that can change numerics or the run's code,
 *       space-separated: every {@code -XX:} option (e.g. {@code -XX:+UseFMA},
 *       {@code -XX:-UseSuperWord}), {@code -Djava.*}, {@code -Xint}, {@code -Xcomp},
 *       {@code -ea}/{@code -da}. Since Java 17 all floating point is strict (JEP 306), so
 *       {@code strictfp} no longer varies; intrinsics (FMA, vectorisation) still can;</li>
 *   <li>{@code git.commit}, {@code git.branch}, {@code git.dirty} when the working directory is
 *       inside a git work tree ({@code git} run as a process with a 2-second timeout; absent if git
 *       is missing or fails);</li>
 *   <li>{@code main.command}: the main class and its arguments ({@code sun.java.command});</li>
 *   <li>{@code host.name} and {@code user.name} only when enabled (privacy).</li>
 * </ul>
 *
 * <p>This class is thread-safe; the digest cache is shared by the JVM.
 */
public final class Environment {
  private static final Logger LOG = LoggerFactory.getLogger(Environment.class);
  private static final Pattern MAVEN_JAR = Pattern.compile("(.+?)-(\\d[^-]*(?:-[A-Za-z0-9.]+)*)\\.jar");
  private static final Map<String, String> DIGESTS = new ConcurrentHashMap<>();

  private Environment() {}

  /**
   * Captures the environment now.
   *
   * @param includeHostAndUser whether to record the host and user names
   * @return the sorted key-value map
   */
  public static Map<String, String> capture(boolean includeHostAndUser) {
    Map<String, String> env = new TreeMap<>();
    env.put("jvm.vendor", prop("java.vendor"));
    env.put("jvm.version", prop("java.version"));
    env.put("jvm.vm", prop("java.vm.name") + " " + prop("java.vm.version"));
    env.put("os.name", prop("os.name"));
    env.put("os.arch", prop("os.arch"));
    env.put("os.version", prop("os.version"));
    env.put("cpu.count", String.valueOf(Runtime.getRuntime().availableProcessors()));
    env.put("sdk.version", sdkVersion());
    env.put("tribuo.version", tribuoVersion());
    env.put("jvm.flags", numericFlags(ManagementFactory.getRuntimeMXBean().getInputArguments()));
    env.put("main.command", clip(prop("sun.java.command")));
    jars(env);
    git(env);
    if (includeHostAndUser) {
      env.put("user.name", prop("user.name"));
      try {
        env.put("host.name", java.net.InetAddress.getLocalHost().getHostName());
      } catch (IOException e) {
        env.put("host.name", "unknown");
      }
    }
    env.replaceAll((k, v) -> clip(v));
    return env;
  }

  /**
   * Filters JVM input arguments to those that can change numerics or the code that runs.
   *
   * @param args the JVM's input arguments
   * @return the kept arguments, space-separated, in order
   */
  public static String numericFlags(List<String> args) {
    List<String> kept = new ArrayList<>();
    for (String a : args) {
      if (a.startsWith("-XX:") || a.startsWith("-Djava.") || a.equals("-Xint") || a.equals("-Xcomp")
          || a.equals("-ea") || a.equals("-da") || a.startsWith("-ea:") || a.startsWith("-da:")) {
        kept.add(a);
      }
    }
    return String.join(" ", kept);
  }

  /** The SDK's version from the Maven metadata in its jar, or {@code development} when run from classes. */
  private static String sdkVersion() {
    try (InputStream in = Environment.class.getResourceAsStream("/META-INF/maven/dev.mlops/mlops-registry/pom.properties")) {
      if (in != null) {
        java.util.Properties p = new java.util.Properties();
        p.load(in);
        return p.getProperty("version", "development");
      }
    } catch (IOException e) {
      LOG.debug("Could not read the SDK version: {}", e.getMessage());
    }
    String v = Environment.class.getPackage().getImplementationVersion();
    return v == null ? "development" : v;
  }

  private static String tribuoVersion() {
    try {
      return org.tribuo.Tribuo.VERSION;
    } catch (LinkageError e) {
      return "absent";
    }
  }

  /**
   * The class path entries: {@code java.class.path}, then the URLs of every {@link java.net.URLClassLoader}
   * from the SDK's class loader up (an application server or {@code mvn exec:java} loads the
   * application's jars that way).
   */
  private static List<String> classPath() {
    java.util.LinkedHashSet<String> entries = new java.util.LinkedHashSet<>(
        List.of(prop("java.class.path").split(Pattern.quote(File.pathSeparator))));
    for (ClassLoader cl = Environment.class.getClassLoader(); cl != null; cl = cl.getParent()) {
      if (cl instanceof java.net.URLClassLoader) {
        for (java.net.URL u : ((java.net.URLClassLoader) cl).getURLs()) {
          if ("file".equals(u.getProtocol())) {
            try {
              entries.add(Path.of(u.toURI()).toString());
            } catch (java.net.URISyntaxException | IllegalArgumentException e) {
              // not a local file: skipped
            }
          }
        }
      }
    }
    return new ArrayList<>(entries);
  }

  private static void jars(Map<String, String> env) {
    int dirs = 0;
    for (String entry : classPath()) {
      if (entry.isEmpty()) {
        continue;
      }
      Path p = Path.of(entry);
      if (Files.isDirectory(p)) {
        dirs++;
        continue;
      }
      if (!entry.endsWith(".jar") || !Files.isRegularFile(p)) {
        continue;
      }
      String file = p.getFileName().toString();
      Matcher m = MAVEN_JAR.matcher(file);
      String name;
      String version;
      if (m.matches()) {
        name = m.group(1);
        version = m.group(2);
      } else {
        name = file.substring(0, file.length() - 4);
        version = manifestVersion(p);
      }
      String digest = digest(p);
      if (digest != null) {
        env.put("jar." + name, version + " " + digest);
      }
    }
    env.put("classpath.directories", String.valueOf(dirs));
  }

  private static String manifestVersion(Path jar) {
    try (JarFile j = new JarFile(jar.toFile())) {
      var mf = j.getManifest();
      String v = mf == null ? null : mf.getMainAttributes().getValue("Implementation-Version");
      return v == null ? "unknown" : v;
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** SHA-256 of a jar, cached per path, size and modification time. */
  private static String digest(Path jar) {
    try {
      BasicFileAttributes a = Files.readAttributes(jar, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      String key = jar.toAbsolutePath() + "|" + a.size() + "|" + a.lastModifiedTime().toMillis();
      return DIGESTS.computeIfAbsent(key, k -> {
        try (InputStream in = Files.newInputStream(jar)) {
          return Digest.sha256(in).toString();
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
    } catch (IOException | java.io.UncheckedIOException e) {
      LOG.debug("Could not hash {}: {}", jar, e.getMessage());
      return null;
    }
  }

  private static void git(Map<String, String> env) {
    String commit = runGit("rev-parse", "HEAD");
    if (commit == null) {
      return;
    }
    env.put("git.commit", commit);
    String branch = runGit("rev-parse", "--abbrev-ref", "HEAD");
    if (branch != null) {
      env.put("git.branch", branch);
    }
    String status = runGit("status", "--porcelain", "--untracked-files=no");
    if (status != null) {
      env.put("git.dirty", String.valueOf(!status.isEmpty()));
    }
  }

  /** Runs git in the working directory; returns its trimmed output, or null on any failure. */
  private static String runGit(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add("git");
    cmd.addAll(List.of(args));
    Process p = null;
    try {
      Path out = Files.createTempFile("mlops-git", ".out");
      try {
        p = new ProcessBuilder(cmd).redirectErrorStream(false).redirectOutput(out.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().close();
        if (!p.waitFor(2, TimeUnit.SECONDS) || p.exitValue() != 0) {
          return null;
        }
        return Files.readString(out, StandardCharsets.UTF_8).strip();
      } finally {
        Files.deleteIfExists(out);
      }
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } finally {
      if (p != null && p.isAlive()) {
        p.destroyForcibly();
      }
    }
  }

  private static String prop(String key) {
    return Objects.requireNonNullElse(System.getProperty(key), "");
  }

  private static String clip(String s) {
    String flat = s.replaceAll("\\p{Cntrl}", " ");
    return flat.length() > 4000 ? flat.substring(0, 4000) + "..." : flat;
  }
}
