package dev.mlops.registry.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.explain.ExplanationMethod;
import dev.mlops.core.explain.GlobalImportance;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Registration;
import dev.mlops.registry.evidence.Evidence;
import dev.mlops.registry.evidence.EvidenceResult;
import dev.mlops.registry.run.DatasetRole;
import dev.mlops.registry.run.Tracking;
import dev.mlops.registry.run.tribuo.TribuoRuns;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.data.csv.CSVLoader;

/**
 * Model cards generated from a real Tribuo training run in a file-system registry, with evidence,
 * approvals, feature importance and user fields carrying hostile text; rendered in headless Chromium.
 */
class ModelCardTest {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final String HOSTILE = "<script>alert('x')</script> \"><img src=x onerror=alert(1)> a&b";

  static {
    java.util.logging.Logger.getLogger("org.tribuo").setLevel(java.util.logging.Level.WARNING);
  }

  @TempDir Path dir;
  ModelRegistry registry;
  ModelVersion data;
  ModelVersion version;
  String runId;

  @BeforeEach
  void trainRegisterAndTest() throws IOException {
    registry = ModelRegistry.builder().uri(dir.resolve("registry").toUri()).principal(() -> "alice").build();
    Path iris = dir.resolve("iris.csv");
    try (InputStream in = ModelCardTest.class.getResourceAsStream("/data/iris.csv")) {
      Files.copy(in, iris);
    }
    data = registry.register(Registration.dataset("iris-data", iris).build());
    var source = new CSVLoader<>(new LabelFactory()).loadDataSource(iris, "species");
    ModelVersion[] made = new ModelVersion[1];
    runId = Tracking.of(registry).run("cards", "lr", run -> {
      run.logDataset(data, DatasetRole.TRAINING);
      run.logParam("note", HOSTILE);
      run.logMetric("train.accuracy", 0.96);
      var m = TribuoRuns.train(run, new LogisticRegressionTrainer(), source);
      made[0] = run.register(Registration.model("iris", m).description("Iris species, " + HOSTILE));
      return run.id();
    });
    version = made[0];
    registry.setAlias("iris", "champion", version.version());
    registry.attachEvidence("iris/1", Evidence.builder(Evidence.MODEL_TEST, "IrisModelTest", version)
        .result(EvidenceResult.of("accuracy above 0.9", "accuracy", 0.953, true).withInterval(0.91, 0.98).withThreshold(0.9))
        .result(EvidenceResult.of("recall on setosa", "recall", 1.0, true).withSlice("species=setosa")
            .withMessage(HOSTILE))
        .result(EvidenceResult.of("parity across sepal size", "demographic_parity_difference", 0.04, true)
            .withThreshold(0.1).withSlice("sepal_width_cm>3"))
        .createdAt(Instant.parse("2026-11-22T10:00:00Z")).build());
    registry.approve("iris/1", "reviewed " + HOSTILE);
  }

  @AfterEach
  void close() {
    registry.close();
  }

  ModelCard card() {
    GlobalImportance gi = new GlobalImportance(ExplanationMethod.PERMUTATION_IMPORTANCE, "accuracy",
        List.of("sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm"),
        List.of(0.02, -0.01, 0.31, 0.18), List.of(0.0, -0.03, 0.25, 0.12), List.of(0.04, 0.01, 0.37, 0.24), 20, 0.95);
    return ModelCard.builder(registry, "iris@champion")
        .fields(new ModelCardFields("Classify iris flowers. " + HOSTILE, "Trained on 150 rows;\nnot for other species.",
            List.of("botany-team", HOSTILE)))
        .importance(gi).topFeatures(3)
        .clock(Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC))
        .build();
  }

  @Test
  void json_gathersTheVersionRunEvidenceApprovalsAndFeatures() {
    ModelCard card = card();
    JsonNode j = ModelCard.readJson(card.toJson());

    assertThat(j.path("schemaVersion").asInt()).isEqualTo(1);
    assertThat(card.version().toString()).isEqualTo("iris/1");
    assertThat(j.at("/model/manifestDigest").asText()).isEqualTo(version.manifestDigest().toString());
    assertThat(j.at("/model/aliases/0").asText()).isEqualTo("champion");
    assertThat(j.at("/model/signature/inputs")).hasSize(4);
    assertThat(j.at("/lineage/runId").asText()).isEqualTo(runId);
    assertThat(j.at("/lineage/datasets/0").asText()).isEqualTo(data.manifestDigest().toString());
    assertThat(j.at("/training/runId").asText()).isEqualTo(runId);
    assertThat(j.at("/training/params/note").asText()).isEqualTo(HOSTILE);
    assertThat(j.at("/training/metrics/train.accuracy").asDouble()).isEqualTo(0.96);
    assertThat(j.at("/training/datasets/0/digest").asText()).isEqualTo(data.manifestDigest().toString());
    assertThat(j.at("/training/datasets/0/role").asText()).isEqualTo("training");
    assertThat(j.at("/training/environment").size()).isGreaterThan(0);
    assertThat(j.at("/training/provenance").toString()).contains("LogisticRegressionTrainer");
    JsonNode results = j.at("/evidence/0/results");
    assertThat(results).hasSize(3);
    assertThat(results.get(0).path("section").asText()).isEqualTo("metric");
    assertThat(results.get(0).path("lower").asDouble()).isEqualTo(0.91);
    assertThat(results.get(0).path("upper").asDouble()).isEqualTo(0.98);
    assertThat(results.get(1).path("section").asText()).isEqualTo("slice");
    assertThat(results.get(2).path("section").asText()).isEqualTo("fairness");
    assertThat(j.at("/evidence/0/passed").asBoolean()).isTrue();
    assertThat(j.at("/approvals/0/approver").asText()).isEqualTo("alice");
    assertThat(j.at("/topFeatures/features")).extracting(f -> f.path("name").asText())
        .containsExactly("petal_length_cm", "petal_width_cm", "sepal_length_cm");
    assertThat(j.path("intendedUse").asText()).endsWith(HOSTILE);
    assertThat(j.path("generatedAt").asText()).isEqualTo("2026-11-22T12:00:00Z");
    // Same registry state, same clock: the same bytes.
    assertThat(card().toJson()).isEqualTo(card.toJson());
  }

  @Test
  void html_escapesEveryValue() {
    String html = card().toHtml();
    assertThat(html).doesNotContain("<script>").doesNotContain("<img");
    assertThat(html).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")
        .contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;").contains("a&amp;b");
    assertThat(html).contains("Content-Security-Policy").contains("Model card: iris/1")
        .contains("demographic_parity_difference").contains("[0.9100, 0.9800]");
  }

  @Test
  void chromium_rendersTheCardWithoutCreatingInjectedElements() throws Exception {
    if (!Files.isExecutable(CHROMIUM)) {
      fail("Chromium is required for this test and is missing at " + CHROMIUM
          + ": install it with `apt-get install -y --no-install-recommends chromium` (.ci/run does this)");
    }
    Path page = card().write(dir.resolve("cards"));
    assertThat(page.getFileName().toString()).isEqualTo("iris-1.html");
    assertThat(dir.resolve("cards").resolve("iris-1.json")).exists();
    String dom = run("--dump-dom", page.toUri().toString());
    assertThat(dom).contains("<table>").contains("Model card: iris/1").contains("Top features").contains("Fairness");
    String lower = dom.toLowerCase(Locale.ROOT);
    assertThat(lower).doesNotContain("<script").doesNotContain("<img").doesNotContain("onerror=\"");
    assertThat(dom).contains("&lt;script&gt;alert('x')&lt;/script&gt;").contains("&lt;img src=x onerror=alert(1)&gt;");

    Path png = dir.resolve("card.png");
    run("--screenshot=" + png, "--window-size=1100,1600", page.toUri().toString());
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

  private String run(String... args) throws Exception {
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
