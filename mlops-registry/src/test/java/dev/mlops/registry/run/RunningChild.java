package dev.mlops.registry.run;

import dev.mlops.registry.ModelRegistry;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Main class of the child JVMs of {@link RunCrashTest}: opens a file registry, starts a run with a
 * fast heartbeat, prints {@code RUN id} and then logs metrics in a tight loop until it is killed (or
 * 60 s pass, or its stdin closes). Not a test itself.
 */
public final class RunningChild {
  private RunningChild() {}

  /**
   * Runs the child.
   *
   * @param args the registry root and the child's label
   * @throws Exception on any failure (the parent reads stderr)
   */
  public static void main(String[] args) throws Exception {
    Thread watchdog = new Thread(() -> {
      try {
        while (System.in.read() >= 0) {
          // wait for the parent to close our stdin (or die)
        }
      } catch (java.io.IOException e) {
        // the parent is gone
      }
      Runtime.getRuntime().halt(3);
    });
    watchdog.setDaemon(true);
    watchdog.start();
    ModelRegistry registry = ModelRegistry.open(Path.of(args[0]));
    Tracking t = Tracking.builder(registry).heartbeatInterval(Duration.ofMillis(50)).build();
    Run run = t.start("crash", args[1]);
    run.logParam("child", args[1]);
    System.out.println("RUN " + run.id());
    System.out.flush();
    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    long step = 0;
    while (System.nanoTime() < end) {
      run.logMetric("step", step, step);
      if (step == 20) {
        System.out.println("READY");
        System.out.flush();
      }
      step++;
    }
    Runtime.getRuntime().halt(4); // never reached in the test: the parent kills it first
  }
}
