package dev.mlops.monitoring.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.monitoring.experiment.Experiment;
import dev.mlops.monitoring.experiment.ExperimentSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's experiment-report snippet (A/B section), writing into a temporary directory. */
class ExperimentReportReadmeSnippetTest {

  @Test
  void theReadmeSnippetRuns_andWritesThePageWithTheVerdict(@TempDir Path tmp) throws Exception {
    // --- the snippet
    Experiment exp = Experiment.builder("checkout").variants("shop@champion", "shop@challenger").build();
    for (int i = 0; i < 10_000; i++) {              // stand-in traffic (5% vs 6%); yours comes from the router
      int variant = i % 2;
      exp.recordExposure(variant);
      exp.recordConversion(variant, (i / 2) % 100 < (variant == 0 ? 5 : 6));
    }
    Path page = ExperimentHtmlReport.write(exp.summary(), tmp.resolve("experiment-report.html"));
    // --- end of the snippet

    ExperimentSummary s = exp.summary();
    assertThat(s.variants().get(0).conversions()).isEqualTo(250);
    assertThat(s.variants().get(1).conversions()).isEqualTo(300);
    assertThat(Files.readString(page)).contains("Verdict: <code>" + s.verdict().name() + "</code>")
        .contains("<td>250 / 5000</td>").contains("<td>300 / 5000</td>");
  }
}
