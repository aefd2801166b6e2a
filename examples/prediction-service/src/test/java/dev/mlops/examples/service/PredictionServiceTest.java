package dev.mlops.examples.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.monitoring.alert.AlertRule;
import dev.mlops.monitoring.frame.Column;
import dev.mlops.monitoring.frame.Frame;
import dev.mlops.monitoring.frame.NumericColumn;
import dev.mlops.monitoring.monitor.PredictionMonitor;
import dev.mlops.monitoring.monitor.WindowSummary;
import dev.mlops.monitoring.monitor.VersionProfiles;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Registration;
import dev.mlops.registry.routing.AliasMove;
import dev.mlops.registry.routing.AliasMoves;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Starts the service on a random port over an empty temporary registry (which it seeds with the
 * quickstart's two models), and talks to it over real HTTP: predictions, an alias moved by another
 * registry instance (as another process would) and picked up without restart, the Prometheus
 * scrape, the model's health, and drift alerts against the champion's reference profiles, which follow
 * {@code @champion} when it moves.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PredictionServiceTest {
  private static final String MODEL = "breast-cancer-classifier";
  private static final String CHAMPION = MODEL + "@champion";
  /** Predictions per window: enough for the drift tests (30 at least), few enough to keep the test fast. */
  private static final int WINDOW = 40;
  private static final Path ROOT;

  static {
    try {
      ROOT = Files.createTempDirectory("prediction-service-test");
    } catch (IOException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry r) {
    r.add("mlops.registry.uri", ROOT::toString);
    r.add("mlops.router.refresh", () -> "100ms");
    r.add("mlops.monitor.window", () -> String.valueOf(WINDOW));
  }

  @Value("${local.server.port}")
  int port;

  @Autowired
  PredictionMonitor monitor;

  @Autowired
  ServiceConfiguration.ChampionReference reference;

  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  /**
   * Runs first, while {@code @champion} still serves the version whose reference the monitor holds (the other
   * test promotes the challenger).
   */
  @Test
  @Order(1)
  void championReference_raisesDriftAlertsOnAShiftedWindow_andNoneOnAnInDistributionOne() throws Exception {
    int champion = aliasVersion("champion");
    // The seeded champion stores no profiles: they were rebuilt from the quickstart data set in its lineage.
    assertThat(reference.version()).isEqualTo(MODEL + "/" + champion);
    VersionProfiles.Source source = reference.profiles().orElseThrow().source();
    assertThat(source.kind()).isEqualTo(VersionProfiles.Kind.LINEAGE);
    assertThat(source.version().name()).isEqualTo("breast-cancer");
    assertThat(monitor.referenceColumns()).hasSize(30).contains("mean_radius", "worst_area");
    assertThat(monitor.rules()).extracting(AlertRule::name).contains("drift-share", "prediction-drift");

    List<Map<String, Object>> rows = rows(null);
    assertThat(rows).hasSize(569);
    String unit = championUnit(rows.get(0));
    awaitWindows();   // closes the window the unit search began

    // In distribution: every 14th row of the training data (both diagnoses, as in the reference).
    for (int i = 0; i < WINDOW; i++) {
      predict(unit, rows.get(14 * i));
    }
    awaitWindows();
    WindowSummary calm = monitor.lastWindow(CHAMPION).orElseThrow();
    assertThat(calm.predictions()).isEqualTo(WINDOW);
    assertThat(calm.featureDrift()).as("input drift is computed against the champion's reference").isPresent();
    assertThat(calm.featureDrift().orElseThrow().driftShare()).isLessThan(0.25);
    assertThat(calm.predictionDrift()).isPresent();
    assertThat(monitor.alertFiring("drift-share", CHAMPION)).isFalse();
    assertThat(monitor.alertFiring("prediction-drift", CHAMPION)).isFalse();

    // Shifted: only malignant cases (a population shift: a clinic that sees referred patients only).
    List<Map<String, Object>> malignant = rows("malignant");
    for (int i = 0; i < WINDOW; i++) {
      predict(unit, malignant.get(5 * i));
    }
    awaitWindows();
    WindowSummary drifted = monitor.lastWindow(CHAMPION).orElseThrow();
    assertThat(drifted.index()).isEqualTo(calm.index() + 1);
    assertThat(drifted.predictions()).isEqualTo(WINDOW);
    assertThat(drifted.featureDrift().orElseThrow().driftShare()).isGreaterThanOrEqualTo(0.5);
    assertThat(monitor.alertFiring("drift-share", CHAMPION)).as("drift-share alert for the champion").isTrue();
    assertThat(monitor.alertFiring("prediction-drift", CHAMPION)).as("prediction-drift alert").isTrue();
  }

  @Test
  @Order(2)
  void servesSwapsMonitorsAndReportsHealth() throws Exception {
    Map<String, Object> features = firstRow();
    int champion;
    int challenger;
    try (ModelRegistry registry = ModelRegistry.open(ROOT)) {
      assertThat(registry.versions(MODEL)).as("seeded on first start").hasSize(2);
      champion = registry.aliases(MODEL).get("champion");
      challenger = registry.aliases(MODEL).get("challenger");
      assertThat(registry.aliases(MODEL)).containsEntry("shadow", challenger);
    }
    assertThat(champion).isNotEqualTo(challenger);

    String unit = championUnit(features);
    JsonNode first = predict(unit, features);
    assertThat(first.get("variant").asText()).isEqualTo(CHAMPION);
    assertThat(first.get("version").asText()).isEqualTo(MODEL + "/" + champion);
    assertThat(first.get("label").asText()).isIn("malignant", "benign");
    assertThat(first.get("scores").size()).isEqualTo(2);
    assertThat(first.get("reason").asText()).isEqualTo("WEIGHTED");
    assertThat(predict(unit, features).get("variant").asText()).isEqualTo(MODEL + "@champion");

    // Bad input: a clear 400, recorded as an error.
    HttpResponse<String> bad = post("/predict?unit=x", "{\"mean_radius\": 1.0}");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(json.readTree(bad.body()).get("error").asText()).isNotBlank();

    // Another registry instance (another process, in production) promotes the challenger.
    try (ModelRegistry other = ModelRegistry.open(ROOT)) {
      AliasMove move = AliasMoves.promote(other, MODEL, "challenger", "champion", "test: challenger won");
      assertThat(move.to()).isEqualTo(challenger);
    }
    String expected = MODEL + "/" + challenger;
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    String seen = null;
    while (System.nanoTime() < deadline) {
      seen = predict(unit, features).get("version").asText();
      if (seen.equals(expected)) {
        break;
      }
      Thread.sleep(50);
    }
    assertThat(seen).as("the champion variant serves the promoted version without restart").isEqualTo(expected);

    // Metrics: the library's meters in Prometheus format, tagged by model and variant.
    String line = null;
    deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    String scrape = "";
    while (System.nanoTime() < deadline && line == null) {
      scrape = get("/actuator/prometheus").body();
      line = scrape.lines().filter(l -> l.startsWith("mlops_monitor_predictions_total{")
          && l.contains("model=\"" + MODEL + "\"") && l.contains("variant=\"" + MODEL + "@champion\""))
          .filter(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)) >= 3).findFirst().orElse(null);
      Thread.sleep(50);
    }
    assertThat(line).as("champion predictions counted in:%n%s", scrape).isNotNull();
    assertThat(scrape).contains("mlops_monitor_errors_total{").contains("mlops_monitor_latency_seconds_count{")
        .contains("mlops_monitor_queue_size{").contains("mlops_monitor_dropped_total{")
        .contains("variant=\"" + MODEL + "@challenger\"");

    // Health: the model component is UP and names the served champion and its digest.
    HttpResponse<String> health = get("/actuator/health");
    assertThat(health.statusCode()).isEqualTo(200);
    JsonNode model = json.readTree(health.body()).get("components").get("model");
    assertThat(model.get("status").asText()).isEqualTo("UP");
    assertThat(model.get("details").get("version").asText()).isEqualTo(expected);
    assertThat(model.get("details").get("aliasVersion").asText()).isEqualTo(expected);
    assertThat(model.get("details").get("digest").asText()).isNotBlank();
    assertThat(model.get("details").get("swapPending").asBoolean()).isFalse();
    assertThat(model.get("details").get("served").get(MODEL + "@champion").asText()).isEqualTo(expected);
    JsonNode shadow = model.get("details").get("shadow");
    assertThat(shadow.get("reference").asText()).isEqualTo(MODEL + "@shadow");
    assertThat(shadow.get("submitted").asLong()).as("the shadow ran beside every answer").isPositive();
  }

  /**
   * Runs after the promotion: the reference has followed the promoted champion; then a third version, whose
   * stored profiles describe malignant cases only, becomes {@code @champion}, and once the monitor's reference
   * is its profiles a window of malignant cases no longer drifts (the alert it raised before the move clears).
   */
  @Test
  @Order(3)
  void referenceFollowsTheChampion_aWindowLikeTheNewTrainingDataClearsTheDriftAlert() throws Exception {
    int promoted = aliasVersion("champion");
    awaitReference(MODEL + "/" + promoted);   // the promotion of the previous test, followed
    List<Map<String, Object>> malignant = rows("malignant");
    Map<String, Object> first = malignant.get(0);
    String unit = championUnit(first);
    awaitWindows();

    // Against the promoted champion's reference (its training data: both diagnoses) the window drifts.
    for (int i = 0; i < WINDOW; i++) {
      predict(unit, malignant.get(5 * i));
    }
    awaitWindows();
    WindowSummary before = monitor.lastWindow(CHAMPION).orElseThrow();
    assertThat(before.referenceId()).contains(MODEL + "/" + promoted);
    assertThat(before.featureDrift().orElseThrow().driftShare()).isGreaterThanOrEqualTo(0.5);
    assertThat(monitor.alertFiring("drift-share", CHAMPION)).as("drift-share against the old reference").isTrue();

    // A model retrained where the patients are: its stored profiles describe malignant cases only.
    String third;
    try (ModelRegistry other = ModelRegistry.open(ROOT)) {   // another process, in production
      Model<Label> model = new LogisticRegressionTrainer().train(dataset());
      String[] predicted = malignant.stream().map(r -> model.predict(example(r, "malignant")).getOutput().getLabel())
          .toArray(String[]::new);
      ModelVersion v = other.register(VersionProfiles.attach(Registration.model(MODEL, model), frame(malignant),
          predicted).build());
      other.setAlias(MODEL, "champion", v.version());
      third = v.id().toString();
    }
    awaitReference(third);
    assertThat(monitor.referenceColumns()).hasSize(30);

    awaitWindows();   // closes the window in progress
    for (int i = 0; i < WINDOW; i++) {
      JsonNode answer = predict(unit, malignant.get(5 * i));
      assertThat(answer.get("version").asText()).isEqualTo(third);
    }
    awaitWindows();
    WindowSummary after = monitor.lastWindow(CHAMPION).orElseThrow();
    assertThat(after.predictions()).isEqualTo(WINDOW);
    assertThat(after.referenceId()).contains(third);
    assertThat(after.featureDrift().orElseThrow().driftShare()).isLessThan(0.25);
    assertThat(monitor.alertFiring("drift-share", CHAMPION)).as("cleared against the new reference").isFalse();
    assertThat(monitor.alertFiring("prediction-drift", CHAMPION)).isFalse();
  }

  /** The version an alias of the model points at, read by another registry instance. */
  private static int aliasVersion(String alias) {
    try (ModelRegistry registry = ModelRegistry.open(ROOT)) {
      return registry.aliases(MODEL).get(alias);
    }
  }

  /** Polls (at most 15 s) until the monitor's reference is the given version's. */
  private void awaitReference(String version) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (System.nanoTime() < deadline && !monitor.referenceId().orElse("").equals(version)) {
      Thread.sleep(50);
    }
    assertThat(monitor.referenceId()).as("the monitor's reference follows @champion").contains(version);
  }

  /** The quickstart's data as a Tribuo data set: every row, with its diagnosis. */
  private static MutableDataset<Label> dataset() throws IOException {
    MutableDataset<Label> d = new MutableDataset<>(new SimpleDataSourceProvenance("breast-cancer", new LabelFactory()),
        new LabelFactory());
    for (String diagnosis : new String[] {"malignant", "benign"}) {
      for (Map<String, Object> r : rows(diagnosis)) {
        d.add(example(r, diagnosis));
      }
    }
    return d;
  }

  private static ArrayExample<Label> example(Map<String, Object> row, String diagnosis) {
    String[] names = row.keySet().toArray(String[]::new);
    double[] values = row.values().stream().mapToDouble(v -> (Double) v).toArray();
    return new ArrayExample<>(new Label(diagnosis), names, values);
  }

  private static Frame frame(List<Map<String, Object>> rows) {
    List<Column> columns = new ArrayList<>();
    for (String name : rows.get(0).keySet()) {
      columns.add(new NumericColumn(name, rows.stream().mapToDouble(r -> (Double) r.get(name)).toArray()));
    }
    return Frame.of(columns);
  }

  /** A unit the router assigns to the champion (the same unit always gets the same variant). */
  private String championUnit(Map<String, Object> features) throws Exception {
    for (int i = 0; i < 50; i++) {
      if (predict("patient-" + i, features).get("variant").asText().equals(CHAMPION)) {
        return "patient-" + i;
      }
    }
    throw new AssertionError("no unit served by the champion among 50 at weight 90");
  }

  /** Waits until the monitor processed every answer and evaluated every window it filled. */
  private void awaitWindows() throws InterruptedException {
    assertThat(monitor.awaitProcessed(Duration.ofSeconds(30))).isTrue();
    monitor.closeWindows();   // on the monitor's worker, after the windows the answers filled; closes a partial one
  }

  private JsonNode predict(String unit, Map<String, Object> features) throws Exception {
    HttpResponse<String> r = post("/predict?unit=" + unit, json.writeValueAsString(features));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return json.readTree(r.body());
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The first row of the quickstart's data, without its label. */
  private static Map<String, Object> firstRow() throws IOException {
    return rows(null).get(0);
  }

  /**
   * The rows of the quickstart's data (the champion's training data set), without their label.
   *
   * @param diagnosis only the rows of this diagnosis, or null for all
   */
  private static List<Map<String, Object>> rows(String diagnosis) throws IOException {
    try (InputStream in = PredictionServiceTest.class.getResourceAsStream("/breast_cancer.csv");
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String[] header = r.readLine().split(",");
      List<Map<String, Object>> rows = new ArrayList<>();
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        String[] cells = line.split(",");
        if (diagnosis != null && !cells[header.length - 1].equals(diagnosis)) {
          continue;
        }
        Map<String, Object> row = new LinkedHashMap<>();
        for (int j = 0; j < header.length - 1; j++) {
          row.put(header[j], Double.parseDouble(cells[j]));
        }
        rows.add(row);
      }
      return rows;
    }
  }
}
