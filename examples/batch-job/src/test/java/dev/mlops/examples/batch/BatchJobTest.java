package dev.mlops.examples.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.core.artifact.VersionId;
import dev.mlops.monitoring.drift.DriftReport;
import dev.mlops.monitoring.drift.DriftReportJson;
import dev.mlops.monitoring.monitor.VersionProfiles;
import dev.mlops.monitoring.retrain.RetrainingPolicy;
import dev.mlops.registry.LineageData;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.evidence.Evidence;
import dev.mlops.registry.evidence.EvidenceRef;
import dev.mlops.registry.promotion.PromotionPolicy;
import dev.mlops.registry.promotion.PromotionRefusedException;
import dev.mlops.registry.promotion.PromotionRule;
import dev.mlops.registry.run.DatasetRole;
import dev.mlops.registry.run.RunRecord;
import dev.mlops.registry.run.RunStatus;
import dev.mlops.registry.run.Tracking;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the job for real, as its {@code main} does, on a temporary file-system registry seeded with the demo
 * champion and the shipped sample batch, and checks every output: the scored file, the drift report, the
 * alerts, the retraining run and its candidate, the gate's evidence and where {@code @champion} points.
 */
class BatchJobTest {
  static final String MODEL = BatchJobConfig.DEFAULT_MODEL;
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  /** Runs main's logic, returning the exit code and keeping what it printed. */
  record Run(int exitCode, String out, String err) {}

  static Run main(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = BatchJob.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void demoRun_scoresDetectsDriftRetrainsAndGatesTheCandidate() throws IOException {
    Path registryDir = dir.resolve("registry");
    Path out = dir.resolve("out");
    Run run = main("--seed-demo", "--registry=" + registryDir, "--output=" + out);
    assertThat(run.exitCode()).as(run.err()).isZero();

    // The scored file: one line per input row, in order, rejected rows named with their reason.
    List<String> scored = Files.readAllLines(out.resolve("scored.csv"));
    List<String> incoming = Files.readAllLines(out.resolve("demo-data/incoming.csv"));
    assertThat(scored).hasSize(incoming.size());
    assertThat(scored.get(0)).isEqualTo("row,case_id,status,prediction,score_benign,score_malignant,reason");
    long rejected = scored.stream().filter(l -> l.contains(",rejected,")).count();
    long missingInInput = incoming.stream().skip(1).filter(l -> l.contains(",,")).count();
    assertThat(rejected).isEqualTo(missingInInput).isEqualTo(43);
    for (int i = 1; i < scored.size(); i++) {
      String[] cells = scored.get(i).split(",", -1);
      assertThat(cells).hasSize(7);
      assertThat(cells[0]).isEqualTo(Integer.toString(i));
      assertThat(cells[1]).isEqualTo(incoming.get(i).split(",", -1)[0]);   // case ids passed through, in order
      if (cells[2].equals("scored")) {
        assertThat(cells[3]).isIn("benign", "malignant");
        double benign = Double.parseDouble(cells[4]);
        double malignant = Double.parseDouble(cells[5]);
        assertThat(benign + malignant).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(cells[3]).isEqualTo(malignant > benign ? "malignant" : "benign");
      } else {
        assertThat(cells[2]).isEqualTo("rejected");
        assertThat(cells[6]).isEqualTo("missing value of smoothness_error");
      }
    }
    assertThat(Files.list(out).map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));

    // The drift report: the three shifted columns drift, the lost readings are flagged.
    String html = Files.readString(out.resolve("drift-report.html"));
    assertThat(html).startsWith("<!DOCTYPE html>").contains("mean_radius", "worst_area");
    DriftReport drift = DriftReportJson.read(Files.readString(out.resolve("drift-report.json")));
    assertThat(drift.driftedColumnNames()).containsExactlyInAnyOrder("mean_radius", "mean_texture", "worst_area");
    assertThat(drift.missingShareAlerts()).containsExactly("smoothness_error");
    assertThat(drift.referenceFromProfile()).isTrue();

    // The summary.
    JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
    assertThat(summary.get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(summary.at("/champion/version").asText()).isEqualTo(MODEL + "/1");
    assertThat(summary.at("/champion/referenceProfile").asText()).isEqualTo("stored with " + MODEL + "/1");
    assertThat(summary.at("/counts/rows").asInt()).isEqualTo(171);
    assertThat(summary.at("/counts/scored").asInt()).isEqualTo(171 - 43);
    assertThat(summary.at("/counts/rejected").asInt()).isEqualTo(43);
    assertThat(summary.at("/counts/predicted/benign").asInt() + summary.at("/counts/predicted/malignant").asInt())
        .isEqualTo(171 - 43);
    assertThat(summary.at("/drift/driftedColumns").asInt()).isEqualTo(3);
    assertThat(summary.at("/drift/windows")).hasSize(4);              // 50 + 50 + 50 + 21 rows
    List<String> raised = new ArrayList<>();
    summary.get("alerts").forEach(a -> raised.add(a.get("kind").asText() + " " + a.get("rule").asText()));
    assertThat(raised).contains("RAISED drift-share", "RAISED error-rate");
    assertThat(run.out()).contains("alert RAISED error-rate");

    // Retraining: triggered by sustained drift, a candidate registered from a tracked run, never promoted by it.
    assertThat(summary.at("/retraining/decision").asText()).isEqualTo("TRIGGERED");
    assertThat(summary.at("/retraining/reason").asText()).startsWith("sustained drift: 2 consecutive windows");
    assertThat(summary.at("/retraining/status").asText()).isEqualTo("CANDIDATE");
    assertThat(summary.at("/retraining/candidate").asText()).isEqualTo(MODEL + "/2");
    String decision = summary.at("/promotion/decision").asText();
    boolean gatePassed = summary.at("/promotion/gate/passed").asBoolean();
    assertThat(summary.at("/promotion/gate/suite").asText()).isEqualTo(BreastCancerGateSuite.SUITE);
    assertThat(summary.at("/promotion/gate/tests").asInt()).isEqualTo(7);
    assertThat(Path.of(summary.at("/files/modelTests").asText())).exists();
    for (String file : List.of("scored", "driftReport", "driftJson", "summary")) {
      assertThat(Path.of(summary.at("/files/" + file).asText())).exists();
    }

    try (ModelRegistry registry = ModelRegistry.open(registryDir)) {
      ModelVersion candidate = registry.get(MODEL + "/2");
      assertThat(registry.aliases(MODEL)).containsEntry(BatchJob.CANDIDATE, 2);
      assertThat(candidate.tags()).containsEntry(RetrainingPolicy.CANDIDATE_TAG, "true")
          .containsEntry(RetrainingPolicy.GATE_TAG, gatePassed ? "passed" : "rejected");
      assertThat(candidate.manifest().lineage().parents()).containsExactly(new VersionId(MODEL, 1));
      assertThat(candidate.manifest().file(VersionProfiles.INPUT_PROFILE)).isPresent();

      // The run that trained it, and the data: the champion's training set plus the labelled rows, and a holdout.
      RunRecord training = Tracking.of(registry).runOf(candidate).orElseThrow();
      assertThat(training.status()).isEqualTo(RunStatus.FINISHED);
      assertThat(training.experiment()).isEqualTo("retrain-" + MODEL);
      ModelVersion trainingData = LineageData.trainingDataset(registry, candidate);
      assertThat(trainingData.id()).isEqualTo(new VersionId(DemoSeed.TRAINING_DATASET, 2));
      long trainRows = training.datasets().stream().filter(d -> d.role() == DatasetRole.TRAINING).findFirst()
          .orElseThrow().rowCount();
      long holdoutRows = training.datasets().stream().filter(d -> d.role() == DatasetRole.TEST).findFirst()
          .orElseThrow().rowCount();
      assertThat(holdoutRows).isEqualTo(Math.round(171 * 0.4));
      assertThat(trainRows).isEqualTo(398 + 171 - holdoutRows);
      assertThat(training.metrics()).containsKey(TribuoRetraining.HOLDOUT_ACCURACY);

      // The gate's evidence on the candidate's exact version, and the alias where the decision says.
      Evidence evidence = latestEvidence(registry, MODEL + "/2");
      assertThat(evidence.suite()).isEqualTo(BreastCancerGateSuite.SUITE);
      assertThat(evidence.manifestDigest()).isEqualTo(candidate.manifestDigest());
      assertThat(evidence.passed()).isEqualTo(gatePassed);
      assertThat(decision).isEqualTo(gatePassed ? "PROMOTED" : "REJECTED_BY_GATE");
      assertThat(registry.aliases(MODEL).get(BatchJob.CHAMPION)).isEqualTo(gatePassed ? 2 : 1);
      assertThat(summary.at("/champion/after").asText()).isEqualTo(MODEL + "/" + (gatePassed ? 2 : 1));
      // The demo's champion copes with this drift; on the default holdout split (seed 42) the candidate may be
      // worse on F1 (the paired bootstrap's lower bound is below the margin), so the gate keeps the champion.
      assertThat(decision).isEqualTo("REJECTED_BY_GATE");
      assertThat(summary.at("/promotion/gate/failed").asInt()).isEqualTo(1);
      assertThat(summary.at("/promotion/gate/failures/0").asText()).startsWith("isNoWorseThanTheChampion");
    }
    // The registry's promotion policy stands behind the gate: moving @champion by hand is refused too.
    PromotionPolicy policy = PromotionPolicy.of(PromotionRule.forAlias(MODEL, BatchJob.CHAMPION)
        .requirePassingEvidence(Evidence.MODEL_TEST, BreastCancerGateSuite.SUITE));
    try (ModelRegistry registry = ModelRegistry.builder().uri(registryDir.toAbsolutePath().toUri())
        .promotionPolicy(policy).build()) {
      assertThatThrownBy(() -> registry.setAlias(MODEL, BatchJob.CHAMPION, 2, OptionalInt.of(1)))
          .isInstanceOf(PromotionRefusedException.class);
      assertThat(registry.aliases(MODEL)).containsEntry(BatchJob.CHAMPION, 1);
    }

    // The next scheduled run: drift again, but the cool-down (read from the registry) holds retraining back.
    Path out2 = dir.resolve("out2");
    Run again = main("--seed-demo", "--registry=" + registryDir, "--output=" + out2);
    assertThat(again.exitCode()).as(again.err()).isZero();
    JsonNode second = JSON.readTree(out2.resolve("summary.json").toFile());
    assertThat(second.at("/champion/version").asText()).isEqualTo(summary.at("/champion/after").asText());
    assertThat(second.at("/retraining/decision").asText()).isEqualTo("SKIPPED_COOL_DOWN");
    assertThat(second.at("/promotion/decision").asText()).isEqualTo("NO_CANDIDATE");
    try (ModelRegistry registry = ModelRegistry.open(registryDir)) {
      assertThat(registry.versions(MODEL)).hasSize(2);
    }
  }

  @Test
  void passingGate_movesTheChampionThroughThePromotionPolicy() throws IOException {
    Path registryDir = dir.resolve("registry");
    Path out = dir.resolve("out");
    // Another holdout split of the same labelled rows: here the candidate is no worse than the champion.
    Run run = main("--seed-demo", "--registry=" + registryDir, "--output=" + out, "--seed=1");
    assertThat(run.exitCode()).as(run.err()).isZero();

    JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
    assertThat(summary.at("/retraining/candidate").asText()).isEqualTo(MODEL + "/2");
    assertThat(summary.at("/promotion/decision").asText()).isEqualTo("PROMOTED");
    assertThat(summary.at("/promotion/gate/passed").asBoolean()).isTrue();
    assertThat(summary.at("/promotion/gate/failed").asInt()).isZero();
    assertThat(summary.at("/promotion/unmetRequirements")).isEmpty();
    assertThat(summary.at("/champion/version").asText()).isEqualTo(MODEL + "/1");
    assertThat(summary.at("/champion/after").asText()).isEqualTo(MODEL + "/2");
    assertThat(run.out()).contains("@champion -> " + MODEL + "/2 (was " + MODEL + "/1)");
    try (ModelRegistry registry = ModelRegistry.open(registryDir)) {
      assertThat(registry.aliases(MODEL)).containsEntry(BatchJob.CHAMPION, 2).containsEntry(BatchJob.CANDIDATE, 2);
      assertThat(registry.get(MODEL + "/2").tags()).containsEntry(RetrainingPolicy.GATE_TAG, "passed");
      Evidence evidence = latestEvidence(registry, MODEL + "/2");
      assertThat(evidence.passed()).isTrue();
      assertThat(evidence.suite()).isEqualTo(BreastCancerGateSuite.SUITE);
    }
  }

  @Test
  void withoutLabelledData_theJobScoresAndReportsButNeverRetrains() throws IOException {
    Path registryDir = dir.resolve("registry");
    Path out = dir.resolve("out");
    Path incoming = DemoSeed.extract("incoming.csv", dir.resolve("in"));
    try (ModelRegistry registry = ModelRegistry.open(registryDir)) {
      DemoSeed.ifNoChampion(registry, MODEL, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }
    Run run = main("--registry=" + registryDir.toUri(), "--input=" + incoming, "--output=" + out,
        "--window-rows=60", "--batch-size=7");
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
    assertThat(summary.at("/retraining/decision").asText()).isEqualTo("DISABLED_NO_LABELLED_DATA");
    assertThat(summary.at("/promotion/decision").asText()).isEqualTo("NO_CANDIDATE");
    assertThat(summary.at("/drift/windows")).hasSize(3);               // 60 + 60 + 51 rows
    assertThat(summary.at("/counts/scored").asInt()).isEqualTo(128);
    assertThat(Files.readAllLines(out.resolve("scored.csv"))).hasSize(172);
    try (ModelRegistry registry = ModelRegistry.open(registryDir)) {
      assertThat(registry.versions(MODEL)).hasSize(1);
    }
  }

  @Test
  void badArguments_exitWithTwoAndTheUsage() {
    Run run = main("--registry=x", "--bogus=1");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Unknown argument(s) [bogus]", "usage: BatchJob");
    assertThat(main("--output=x").err()).contains("--input=FILE.csv");
    assertThat(main("--input=a.csv", "--window-rows=many").err()).contains("--window-rows takes a whole number");
    Run notASuite = main("--input=a.csv", "--gate-suite=java.lang.String", "--output=" + dir.resolve("o"));
    assertThat(notASuite.exitCode()).isEqualTo(1);
    assertThat(notASuite.err()).contains("java.lang.String is not a @ModelTest suite");
    assertThat(main("--input=a.csv", "--gate-suite=com.example.Missing").err())
        .contains("There is no class com.example.Missing");
  }

  @Test
  void registryUri_isPrintedWithoutItsSecrets() {
    assertThat(BatchJob.redact(BatchJob.registryUri(
        "jdbc:postgresql://db:5432/app?currentSchema=mlops&user=svc&password=s3cret&ssl=true")))
        .isEqualTo("jdbc:postgresql://db:5432/app?currentSchema=mlops&user=svc&password=***&ssl=true");
    assertThat(BatchJob.redact(java.net.URI.create("s3://key:secret@bucket/models"))).isEqualTo("s3://bucket/models");
    assertThat(BatchJob.registryUri("target/reg").getScheme()).isEqualTo("file");
    assertThat(BatchJob.registryUri("/var/lib/models")).isEqualTo(Path.of("/var/lib/models").toUri());
  }

  static Evidence latestEvidence(ModelRegistry registry, String ref) {
    List<EvidenceRef> refs = registry.evidence(ref);
    assertThat(refs).isNotEmpty();
    return registry.readEvidence(refs.stream().max(java.util.Comparator.comparing(EvidenceRef::attachedAt))
        .orElseThrow());
  }

  static List<String> filesUnder(Path root) throws IOException {
    if (!Files.exists(root)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().toList();
    }
  }

  static Map<String, Integer> aliases(Path registryDir) {
    try (ModelRegistry registry = ModelRegistry.open(registryDir)) {
      return registry.aliases(MODEL);
    }
  }
}
