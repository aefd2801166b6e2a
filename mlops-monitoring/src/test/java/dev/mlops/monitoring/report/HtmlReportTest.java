package dev.mlops.monitoring.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.mlops.monitoring.drift.DriftEngine;
import dev.mlops.monitoring.drift.DriftReport;
import dev.mlops.monitoring.drift.DriftReportJson;
import dev.mlops.monitoring.frame.CategoricalColumn;
import dev.mlops.monitoring.frame.Frame;
import dev.mlops.monitoring.frame.NumericColumn;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
  static final String SCRIPT = "<script>alert('x')</script>";
  static final String IMG = "\"><img src=x onerror=alert(1)>";
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  static DriftReport hostileReport() {
    SplittableRandom r = new SplittableRandom(42);
    int n = 400;
    double[] a = new double[n];
    double[] b = new double[n];
    String[] ca = new String[n];
    String[] cb = new String[n];
    String[] cats = {SCRIPT, IMG, "a&b", "plain"};
    for (int i = 0; i < n; i++) {
      a[i] = r.nextGaussian();
      b[i] = r.nextGaussian() + 0.8;
      ca[i] = cats[r.nextInt(3)];
      cb[i] = cats[r.nextInt(4)];
    }
    Frame ref = Frame.of(new NumericColumn(SCRIPT, a), new CategoricalColumn(IMG, ca));
    Frame cur = Frame.of(new NumericColumn(SCRIPT, b), new CategoricalColumn(IMG, cb));
    return DriftEngine.defaults().compare(ref, cur);
  }

  @Test
  void render_escapesEveryTextAndCarriesNoScript() {
    DriftReport report = hostileReport();
    assertThat(report.column(IMG).newCategories()).containsExactly("plain");
    String html = HtmlReport.render(report);
    String lower = html.toLowerCase(Locale.ROOT);
    assertThat(lower).doesNotContain("<script").doesNotContain("<img").doesNotContain("javascript:");
    assertThat(html).doesNotContain(SCRIPT).doesNotContain(IMG);
    assertThat(html).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")
        .contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;").contains("a&amp;b");
    assertThat(html).contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;none&#39;; "
        + "script-src &#39;none&#39;");
    assertThat(html).contains("<svg").contains("<table>");
  }

  @Test
  void json_roundTrip_keepsTheReport() {
    DriftReport report = hostileReport();
    String json = DriftReportJson.write(report);
    DriftReport back = DriftReportJson.read(json);
    assertThat(back).isEqualTo(report);
    assertThat(DriftReportJson.write(back)).isEqualTo(json);
    String withExtra = json.replaceFirst("\\{", "{\"futureField\": [1, 2],");
    assertThat(DriftReportJson.read(withExtra)).isEqualTo(report);
  }

  @Test
  void chromium_rendersThePageWithoutCreatingInjectedElements(@TempDir Path dir) throws Exception {
    if (!Files.isExecutable(CHROMIUM)) {
      fail("Chromium is required for this test and is missing at " + CHROMIUM
          + ": install it with `apt-get install -y --no-install-recommends chromium` (.ci/run does this)");
    }
    Path page = HtmlReport.write(hostileReport(), dir.resolve("report.html"));
    String dom = run(dir, "--dump-dom", page.toUri().toString());
    assertThat(dom).contains("<table>").contains("<svg");
    String lower = dom.toLowerCase(Locale.ROOT);
    // Serialized DOM escapes '<' in text, so any of these substrings would be an element.
    assertThat(lower).doesNotContain("<script").doesNotContain("<img").doesNotContain("onerror=\"");
    assertThat(dom).contains("&lt;script&gt;alert('x')&lt;/script&gt;").contains("&lt;img src=x onerror=alert(1)&gt;");

    Path png = dir.resolve("shot.png");
    run(dir, "--screenshot=" + png, "--window-size=1000,1400", page.toUri().toString());
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
  }

  private static String run(Path dir, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
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
