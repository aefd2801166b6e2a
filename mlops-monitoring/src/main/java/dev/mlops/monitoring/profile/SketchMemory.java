package dev.mlops.monitoring.profile;

import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Readiness of DataSketches' Memory layer, through which DataSketches 6.2.0 serializes every sketch.
 *
 * <p>datasketches-memory 3.0.2 checks the JDK once, when its internal class {@code ResourceImpl} is
 * initialized, and refuses any JDK but 8, 11, 17 and 21 (apache/datasketches-memory#270), although on
 * heap memory, all a profile uses, it works the same on later JDKs (its maintainers relaxed the check in
 * apache/datasketches-memory#272, which no release contains yet). On a JDK after 21 this class therefore
 * initializes {@code ResourceImpl} once while the {@code java.version} property reads {@code 21}, and puts
 * the real value back at once; that is the only effect, and {@code -D}{@value #WORKAROUND_PROPERTY}{@code
 * =false} turns it off. Then a one-time probe serializes and reads back an empty sketch.
 *
 * <p>Thread-safe: the work is done once, by the class initializer.
 */
final class SketchMemory {
  /** The system property that turns the JDK check workaround off when set to {@code false}. */
  static final String WORKAROUND_PROPERTY = "mlops.profile.sketchMemoryJdkWorkaround";
  private static final Logger LOG = LoggerFactory.getLogger(SketchMemory.class);
  private static final String CHECKED_CLASS = "org.apache.datasketches.memory.internal.ResourceImpl";
  /** The newest JDK datasketches-memory 3.0.2 accepts. */
  private static final int NEWEST_ACCEPTED = 21;
  private static final boolean READY = prepare();

  private SketchMemory() {}

  /**
   * Tells whether sketches serialize and deserialize on this JVM; the first call does the one-time work.
   *
   * @return whether DataSketches' Memory layer works here
   */
  static boolean ready() {
    return READY;
  }

  /**
   * Tells whether the workaround applies.
   *
   * @param jdkFeature the running JDK's feature release, e.g. 25
   * @param setting the value of {@value #WORKAROUND_PROPERTY}, or null
   * @return true on a JDK after 21 unless the setting is {@code false}
   */
  static boolean workaroundApplies(int jdkFeature, String setting) {
    return jdkFeature > NEWEST_ACCEPTED && !"false".equalsIgnoreCase(setting);
  }

  private static boolean prepare() {
    if (workaroundApplies(Runtime.version().feature(), System.getProperty(WORKAROUND_PROPERTY))) {
      String actual = System.getProperty("java.version");
      try {
        System.setProperty("java.version", String.valueOf(NEWEST_ACCEPTED));
        Class.forName(CHECKED_CLASS, true, SketchMemory.class.getClassLoader());
        LOG.debug("Initialized DataSketches' Memory layer past its JDK check on Java {}", actual);
      } catch (ClassNotFoundException | LinkageError e) {
        LOG.debug("Could not initialize DataSketches' Memory layer on Java {}", actual, e);
      } finally {
        System.setProperty("java.version", actual);
      }
    }
    try {
      KllDoublesSketch.heapify(Memory.wrap(KllDoublesSketch.newHeapInstance().toByteArray()));
      return true;
    } catch (LinkageError e) {
      LOG.info("Profile JSON is not available on Java {}: DataSketches' Memory layer refuses this JDK ({}); "
          + "building, merging and comparing profiles still work", System.getProperty("java.version"), e.toString());
      return false;
    }
  }
}
