package dev.mlops.monitoring.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.monitoring.drift.DriftEngine;
import dev.mlops.monitoring.drift.DriftReport;
import dev.mlops.monitoring.drift.DriftReportJson;
import dev.mlops.monitoring.frame.CategoricalColumn;
import dev.mlops.monitoring.frame.Frame;
import dev.mlops.monitoring.frame.NumericColumn;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
  static final String SCRIPT = "<script>alert('x')</script>";
  static final String IMG = "\"><img src=x onerror=alert(1)>";

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
    Chromium.requireInstalled();
    Path page = HtmlReport.write(hostileReport(), dir.resolve("report.html"));
    String dom = Chromium.dumpDom(dir, page);
    assertThat(dom).contains("<table>").contains("<svg");
    String lower = dom.toLowerCase(Locale.ROOT);
    // Serialized DOM escapes '<' in text, so any of these substrings would be an element.
    assertThat(lower).doesNotContain("<script").doesNotContain("<img").doesNotContain("onerror=\"");
    assertThat(dom).contains("&lt;script&gt;alert('x')&lt;/script&gt;").contains("&lt;img src=x onerror=alert(1)&gt;");
    Chromium.screenshotIsNotBlank(dir, page, 1000, 1400);
  }
}
