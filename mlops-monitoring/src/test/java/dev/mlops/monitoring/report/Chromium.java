package dev.mlops.monitoring.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/**
 * Headless Chromium from Debian ({@code /usr/bin/chromium}, run with {@code --no-sandbox} as root) for
 * the reports' real-browser tests: the DOM it builds from a page, and a screenshot of it. A missing
 * Chromium fails the test with the install command; it is never skipped.
 */
final class Chromium {
  static final Path BINARY = Path.of("/usr/bin/chromium");

  private Chromium() {}

  /** Fails the calling test, saying how to install Chromium, when it is missing. */
  static void requireInstalled() {
    if (!Files.isExecutable(BINARY)) {
      fail("Chromium is required for this test and is missing at " + BINARY
          + ": install it with `apt-get install -y --no-install-recommends chromium` (.ci/run does this)");
    }
  }

  /**
   * Loads a page and returns the DOM Chromium built from it, serialized.
   *
   * @param dir a scratch directory (profile, output files)
   * @param page the page
   * @return the serialized DOM
   */
  static String dumpDom(Path dir, Path page) throws Exception {
    return run(dir, "--dump-dom", page.toUri().toString());
  }

  /**
   * Screenshots a page and checks the picture is not blank: it decodes as PNG, has more than 20
   * distinct colours and more than 2% non-white pixels (every other pixel sampled).
   *
   * @param dir a scratch directory
   * @param page the page
   * @param width the window's width
   * @param height the window's height
   * @return the PNG file
   */
  static Path screenshotIsNotBlank(Path dir, Path page, int width, int height) throws Exception {
    Path png = dir.resolve("shot-" + System.nanoTime() + ".png");
    run(dir, "--screenshot=" + png, "--window-size=" + width + "," + height, page.toUri().toString());
    assertThat(png).exists();
    BufferedImage img = ImageIO.read(png.toFile());
    assertThat(img).as("screenshot decodes as PNG").isNotNull();
    Set<Integer> colors = new HashSet<>();
    long nonWhite = 0;
    for (int y = 0; y < img.getHeight(); y += 2) {
      for (int x = 0; x < img.getWidth(); x += 2) {
        int rgb = img.getRGB(x, y) & 0xffffff;
        colors.add(rgb);
        if (rgb != 0xffffff) {
          nonWhite++;
        }
      }
    }
    long sampled = (long) ((img.getHeight() + 1) / 2) * ((img.getWidth() + 1) / 2);
    assertThat(colors.size()).as("distinct colours in the screenshot").isGreaterThan(20);
    assertThat((double) nonWhite / sampled).as("share of non-white pixels").isGreaterThan(0.02);
    return png;
  }

  private static String run(Path dir, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-quic", "--user-data-dir=" + Files.createTempDirectory(dir, "profile")));
    cmd.addAll(List.of(args));
    File out = dir.resolve("stdout-" + System.nanoTime()).toFile();
    File err = dir.resolve("stderr-" + System.nanoTime()).toFile();
    Process p = new ProcessBuilder(cmd).redirectOutput(out).redirectError(err).start();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("chromium did not finish in 90 s: " + Files.readString(err.toPath()));
    }
    assertThat(p.exitValue()).as("chromium exit code; stderr: %s", Files.readString(err.toPath())).isZero();
    return Files.readString(out.toPath(), StandardCharsets.UTF_8);
  }
}
