package dev.mlops.examples.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Customer data with a known shift, written as CSV for the demo run: {@code age} (normal, 1% missing)
 * and {@code tenure_months} keep their distribution; {@code income} (log-normal) rises by about 20%
 * and the {@code region} mix moves from north to south in the current data.
 *
 * <p>Stateless and thread-safe; the same seed gives the same bytes.
 */
public final class SyntheticData {
  private static final String[] REGIONS = {"north", "south", "east", "west"};
  private static final double[] REFERENCE_MIX = {0.40, 0.20, 0.25, 0.15};
  private static final double[] CURRENT_MIX = {0.28, 0.32, 0.25, 0.15};

  private SyntheticData() {}

  /**
   * Writes {@code rows} rows of reference or current data to a CSV file with a header.
   *
   * @param file the file to write
   * @param rows the number of rows
   * @param current whether to draw the shifted (current) distribution
   * @param seed the random seed
   * @return the file
   * @throws UncheckedIOException if the file cannot be written
   */
  public static Path write(Path file, int rows, boolean current, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] mix = current ? CURRENT_MIX : REFERENCE_MIX;
    double incomeLogMean = current ? Math.log(52_000 * 1.2) : Math.log(52_000);
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("age,income,tenure_months,region\n");
      for (int i = 0; i < rows; i++) {
        double age = 41 + 12 * gaussian(random);
        String ageText = random.nextDouble() < 0.01 ? "" : String.format(Locale.ROOT, "%.1f", age);
        double income = Math.exp(incomeLogMean + 0.45 * gaussian(random));
        int tenure = (int) Math.floor(-30 * Math.log(1 - random.nextDouble()));
        w.write(ageText + "," + String.format(Locale.ROOT, "%.2f", income) + "," + tenure + ","
            + REGIONS[pick(random.nextDouble(), mix)] + "\n");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return file;
  }

  private static int pick(double u, double[] mix) {
    double acc = 0;
    for (int i = 0; i < mix.length - 1; i++) {
      acc += mix[i];
      if (u < acc) {
        return i;
      }
    }
    return mix.length - 1;
  }

  private static double gaussian(SplittableRandom r) {
    // Box–Muller: one standard normal from two uniforms (SplittableRandom has no nextGaussian on 17).
    double u1 = 1 - r.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * r.nextDouble());
  }
}
