package dev.mlops.examples.batch;

import dev.mlops.core.ConflictException;
import dev.mlops.core.MlopsException;
import dev.mlops.core.model.TabularPredictor;
import dev.mlops.core.store.BlobStore;
import dev.mlops.core.store.BlobStores;
import dev.mlops.monitoring.alert.Alert;
import dev.mlops.monitoring.alert.AlertListener;
import dev.mlops.monitoring.alert.AlertRule;
import dev.mlops.monitoring.alert.AlertRules;
import dev.mlops.monitoring.drift.DriftEngine;
import dev.mlops.monitoring.drift.DriftReport;
import dev.mlops.monitoring.drift.DriftReportJson;
import dev.mlops.monitoring.monitor.PredictionMonitor;
import dev.mlops.monitoring.monitor.WindowSpec;
import dev.mlops.monitoring.monitor.WindowSummary;
import dev.mlops.monitoring.monitor.VersionProfiles;
import dev.mlops.monitoring.report.HtmlReport;
import dev.mlops.monitoring.retrain.RetrainingOutcome;
import dev.mlops.monitoring.retrain.RetrainingPolicy;
import dev.mlops.monitoring.retrain.RetrainingStatus;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.evidence.Evidence;
import dev.mlops.registry.promotion.PromotionPolicy;
import dev.mlops.registry.promotion.PromotionRefusedException;
import dev.mlops.registry.promotion.PromotionRule;
import dev.mlops.registry.promotion.UnmetRequirement;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A scheduled batch job around {@code <model>@champion}, one run per invocation:
 *
 * <ol>
 *   <li>opens the registry (a directory, or a store URI; the registry's promotion policy requires passing
 *       evidence of the gate suite before {@code @champion} moves) and loads {@code @champion}, verified;</li>
 *   <li>reads the incoming CSV (the whole file is checked first: a malformed row fails the run with no output),
 *       scores it with {@code predictBatch} in batches, and writes {@code scored.csv} atomically;</li>
 *   <li>streams the rows through a {@link PredictionMonitor} in windows against the champion's reference
 *       profile ({@link VersionProfiles}: stored with the version, else rebuilt from lineage), compares the
 *       whole batch too, and writes {@code drift-report.html} and {@code drift-report.json};</li>
 *   <li>evaluates the alert rules on every window and logs the alerts (SLF4J);</li>
 *   <li>feeds the windows to a {@link RetrainingPolicy}; when it triggers (sustained drift) and labelled rows
 *       are given, retrains with {@link TribuoRetraining} in a tracked run and registers the result as a
 *       candidate, pointing {@code @candidate} at it; the policy itself never moves {@code @champion};</li>
 *   <li>runs the {@code @ModelTest} gate suite on the candidate ({@link GateStep}, with {@code ModelTestGate});
 *       only if it passes does the
 *       job try to move {@code @champion}, by compare-and-set, and the registry's promotion policy checks the
 *       evidence the suite attached;</li>
 *   <li>writes {@code summary.json} ({@link RunSummary}) and prints it.</li>
 * </ol>
 *
 * <p>Exit codes of {@link #main}: 0 when the run completed (whatever it found), 1 when it failed (bad input, an
 * unreachable store, a failed retraining), 2 for bad arguments. The message on standard error says what to do.
 *
 * <p>Stateless and thread-safe; two runs at once on one registry serialize on its compare-and-set aliases.
 */
public final class BatchJob {
  /** The alias scored with. */
  public static final String CHAMPION = "champion";
  /** The alias the retrained candidate gets. */
  public static final String CANDIDATE = "candidate";
  /** The promotion decision when the gate suite could not run at all (the run then fails). */
  static final String GATE_FAILED = "GATE_FAILED";
  /** Raise the drift-share alert (and count a window as drifting) at this share of drifted columns. */
  public static final double DRIFT_SHARE_ALERT = 0.1;

  private static final Logger LOG = LoggerFactory.getLogger(BatchJob.class);
  /** Tribuo logs training progress through java.util.logging; keep the job's output readable. */
  private static final java.util.logging.Logger TRIBUO_LOG = java.util.logging.Logger.getLogger("org.tribuo");

  private BatchJob() {}

  /**
   * Runs the job once and exits with its code.
   *
   * @param args {@code --key=value} arguments, see {@link BatchJobConfig#USAGE}
   */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Runs the job once from arguments.
   *
   * @param args the arguments
   * @param out where the progress and the summary go
   * @param err where failures go
   * @return the exit code: 0 completed, 1 failed, 2 bad arguments
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (List.of(args).contains("--help")) {
      out.println(BatchJobConfig.USAGE);
      return 0;
    }
    BatchJobConfig config;
    try {
      config = BatchJobConfig.parse(args);
    } catch (MlopsException e) {
      err.println("batch job: bad argument: " + e.getMessage());
      return 2;
    }
    try {
      RunSummary summary = run(config, out);
      if (!summary.succeeded()) {
        err.println("batch job FAILED: " + summary.failure().orElse("see the summary"));
        return 1;
      }
      return 0;
    } catch (MlopsException | UncheckedIOException | IllegalArgumentException e) {
      err.println("batch job FAILED: " + e.getMessage());
      LOG.debug("batch job failure", e);
      return 1;
    } catch (RuntimeException e) {
      err.println("batch job FAILED unexpectedly: " + e);
      LOG.error("batch job failure", e);
      return 1;
    }
  }

  /**
   * Runs the job once.
   *
   * @param config what to do
   * @param out where the progress and the summary go
   * @return the summary, also written to {@code <output>/summary.json}
   * @throws dev.mlops.core.InvalidInputException if the input is malformed or lacks a column (nothing is
   *     written), or the gate suite class is not one
   * @throws dev.mlops.core.NotFoundException if the model has no {@code @champion}
   * @throws dev.mlops.core.StoreException if a store cannot be used
   * @throws UncheckedIOException if a file cannot be read or written
   */
  public static RunSummary run(BatchJobConfig config, PrintStream out) {
    TRIBUO_LOG.setLevel(java.util.logging.Level.WARNING);
    Instant started = Instant.now();
    Class<?> suite = suiteClass(config.gateSuite());
    String suiteName = GateStep.suiteName(suite);
    String model = config.model();
    Path outDir = config.output();
    URI registryUri = registryUri(config.registry());
    if (config.seedDemo()) {
      try (OpenRegistry seed = open(config, registryUri, PromotionPolicy.none())) {
        DemoSeed.ifNoChampion(seed.registry(), model, out);
      }
    }
    Path input = config.input().orElseGet(() -> DemoSeed.extract("incoming.csv", outDir.resolve("demo-data")));
    Optional<Path> labelled = config.labelled().or(() -> config.seedDemo()
        ? Optional.of(DemoSeed.extract("labelled.csv", outDir.resolve("demo-data"))) : Optional.empty());

    // The production registry refuses to move @champion onto a version without passing gate evidence.
    PromotionPolicy policy = PromotionPolicy.of(
        PromotionRule.forAlias(model, CHAMPION).requirePassingEvidence(Evidence.MODEL_TEST, suiteName));
    try (OpenRegistry open = open(config, registryUri, policy)) {
      ModelRegistry registry = open.registry();

      // 1. The champion, verified, and what it is compared with.
      ModelVersion champion = registry.get(model + "@" + CHAMPION);
      Map<String, Path> files = new LinkedHashMap<>();
      try (TabularPredictor predictor = registry.load(champion.id().toString())) {
        VersionProfiles reference = VersionProfiles.of(registry, champion, predictor);
        out.printf("scoring %s with %s (reference profile %s)%n", input, champion.id(), reference.source());

        // 2. The batch, checked in full before anything is written.
        BatchInput batch = BatchInput.read(input, predictor.schema());

        // 3-4. Score in batches through the monitor: windows, drift per window, alert rules.
        List<WindowSummary> windows = new CopyOnWriteArrayList<>();
        List<Alert> alerts = new CopyOnWriteArrayList<>();
        BatchScorer.Result scoring;
        try (PredictionMonitor monitor = PredictionMonitor.builder(champion.id().toString())
            .window(WindowSpec.tumblingCount(config.windowRows()))
            .reference(reference.inputs())
            .outputReference(reference.outputs())
            .referenceId(champion.id().toString())
            .rules(alertRules())
            .alertListener(alerts::add)
            .alertListener(AlertListener.logging())
            .windowListener(windows::add)
            .build()) {
          scoring = BatchScorer.score(batch, predictor, monitor, config.batchSize(), config.maxRejectedShare(),
              outDir.resolve("scored.csv"));
          files.put("scored", scoring.file());
          if (!monitor.awaitProcessed(Duration.ofMinutes(1))) {
            throw new IllegalStateException("the monitor did not process the batch within a minute");
          }
          monitor.closeWindows();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while the monitor drained", e);
        }
        out.printf("scored %d rows: %d scored %s, %d rejected -> %s%n", scoring.rows(), scoring.scored(),
            scoring.predicted(), scoring.rejected(), scoring.file());

        // The whole batch against the reference: the HTML report people read, the JSON machines read.
        DriftReport drift = DriftEngine.defaults().compare(reference.inputs(), batch.featureFrame());
        files.put("driftReport", AtomicFiles.writeString(outDir.resolve("drift-report.html"), HtmlReport.render(drift)));
        files.put("driftJson", AtomicFiles.writeString(outDir.resolve("drift-report.json"), DriftReportJson.write(drift)));
        out.printf("drift: %d of %d columns drifted %s, dataset drift %s; report %s%n", drift.driftedColumns(),
            drift.consideredColumns(), drift.driftedColumnNames(), drift.datasetDrift() ? "DETECTED" : "not detected",
            files.get("driftReport"));
        List<WindowSummary> ordered = windows.stream().sorted(Comparator.comparingLong(WindowSummary::index)).toList();
        List<RunSummary.Window> windowSummaries = ordered.stream().map(BatchJob::window).toList();
        for (Alert a : alerts) {
          out.printf("alert %s %s (window %d): %s%n", a.kind(), a.rule(), a.windowIndex(), a.message());
        }

        // 5. Retraining, when the policy says so.
        RunSummary.Retraining retraining = retrain(config, registry, labelled, ordered, out);
        // 6. The gate, and the promotion the registry's policy checks.
        RunSummary.Promotion promotion = promote(registry, model, champion, retraining, suite,
            outDir.resolve("model-tests"), out);
        promotion.gate().flatMap(GateResult::report).ifPresent(r -> files.put("modelTests", Path.of(r)));

        String championAfter = model + "/" + registry.aliases(model).get(CHAMPION);
        Optional<String> failure = retraining.status().filter(s -> s.equals(RetrainingStatus.FAILED.name()))
            .map(s -> "retraining failed: " + retraining.failure().orElse("?"));
        if (failure.isEmpty() && promotion.decision().equals(GATE_FAILED)) {
          failure = Optional.of(promotion.reason());
        }
        Path summaryFile = outDir.resolve("summary.json");
        files.put("summary", summaryFile);
        RunSummary summary = new RunSummary(failure.isPresent() ? "FAILED" : "SUCCEEDED", failure,
            started, Instant.now(), redact(registryUri), model, champion.id().toString(),
            champion.manifestDigest().toString(), reference.source().toString(), scoring, drift, windowSummaries, alerts,
            retraining, promotion, championAfter, files);
        AtomicFiles.writeString(summaryFile, summary.toJson());
        out.print(summary.toJson());
        out.printf("summary at %s%n", summaryFile.toAbsolutePath());
        return summary;
      }
    }
  }

  /**
   * The alert rules of the job: the share of drifted inputs, the drift of the predictions, and the share of
   * rejected rows (recorded as errors).
   *
   * @return the rules
   */
  public static List<AlertRule> alertRules() {
    return List.of(
        AlertRules.driftShare(DRIFT_SHARE_ALERT, DRIFT_SHARE_ALERT / 2).build(),
        AlertRules.predictionDrift(1, 0.5).build(),
        AlertRules.errorRate(0.1, 0.05).build());
  }

  private static boolean drifting(WindowSummary w) {
    return w.featureDrift().map(r -> r.datasetDrift() || r.driftShare() >= DRIFT_SHARE_ALERT).orElse(false);
  }

  private static RunSummary.Window window(WindowSummary w) {
    return new RunSummary.Window(w.index(), w.predictions(), w.errors(), w.featureDrift().isPresent(),
        w.featureDrift().map(DriftReport::driftShare).orElse(0.0), drifting(w));
  }

  private static RunSummary.Retraining retrain(BatchJobConfig config, ModelRegistry registry, Optional<Path> labelled,
      List<WindowSummary> windows, PrintStream out) {
    String model = config.model();
    if (labelled.isEmpty()) {
      long drifting = windows.stream().filter(BatchJob::drifting).count();
      return new RunSummary.Retraining("DISABLED_NO_LABELLED_DATA", drifting + " of " + windows.size()
          + " windows drifted; pass --labelled=FILE.csv to let the policy retrain", Optional.empty(),
          Optional.empty(), Optional.empty(), Optional.empty());
    }
    // The policy's cool-down lives in its memory; a scheduled job reads it from the registry instead.
    Optional<ModelVersion> lastCandidate = registry.versions(model).stream()
        .filter(v -> "true".equals(v.tags().get(RetrainingPolicy.CANDIDATE_TAG)))
        .max(Comparator.comparing(ModelVersion::registeredAt));
    if (lastCandidate.isPresent()
        && lastCandidate.get().registeredAt().plus(config.coolDown()).isAfter(Instant.now())) {
      String reason = "candidate " + lastCandidate.get().id() + " was registered at "
          + lastCandidate.get().registeredAt() + ", within the cool-down of " + config.coolDown();
      out.printf("retraining skipped: %s%n", reason);
      return new RunSummary.Retraining("SKIPPED_COOL_DOWN", reason, Optional.empty(), Optional.empty(),
          Optional.empty(), Optional.empty());
    }
    List<RetrainingOutcome> outcomes = new ArrayList<>();
    try (RetrainingPolicy policy = RetrainingPolicy.builder(registry, model,
            new TribuoRetraining(registry, labelled.get(), config.label(), config.holdoutShare(), config.seed()))
        .alias(CHAMPION)                               // no gate here: the policy only registers candidates
        .sustainedDriftWindows(config.sustainedDriftWindows())
        .coolDown(config.coolDown())
        .executor(Runnable::run)                       // a batch job waits for its retraining
        .listener(o -> LOG.info("retraining of {}: {}{}", model, o.status(), o.failure().map(f -> " - " + f).orElse("")))
        .build()) {
      for (WindowSummary w : windows) {
        policy.observeWindow(drifting(w)).ifPresent(f -> outcomes.add(f.join()));
        if (!outcomes.isEmpty()) {
          break;
        }
      }
    }
    if (outcomes.isEmpty()) {
      return new RunSummary.Retraining("NOT_TRIGGERED", "fewer than " + config.sustainedDriftWindows()
          + " consecutive windows drifted", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }
    RetrainingOutcome o = outcomes.get(0);
    Optional<String> candidate = o.candidate().map(Object::toString);
    o.candidate().ifPresent(c -> registry.setAlias(model, CANDIDATE, c.version()));
    out.printf("retraining %s (%s): %s%s%n", o.status(), o.reason(), candidate.orElse("no candidate"),
        o.failure().map(f -> " - " + f).orElse(""));
    return new RunSummary.Retraining("TRIGGERED", o.reason(), Optional.of(o.status().name()), o.runId(), candidate,
        o.failure());
  }

  private static RunSummary.Promotion promote(ModelRegistry registry, String model, ModelVersion champion,
      RunSummary.Retraining retraining, Class<?> suite, Path reports, PrintStream out) {
    if (retraining.candidate().isEmpty() || !retraining.status().orElse("").equals(RetrainingStatus.CANDIDATE.name())) {
      return new RunSummary.Promotion("NO_CANDIDATE", "no candidate was registered in this run", Optional.empty(),
          List.of());
    }
    ModelVersion candidate = registry.get(retraining.candidate().get());
    GateResult gate;
    try {
      gate = GateStep.run(suite, registry, candidate, reports);
    } catch (RuntimeException e) {
      LOG.error("The gate suite {} could not run on {}", suite.getName(), candidate.id(), e);
      return new RunSummary.Promotion(GATE_FAILED, "the gate suite " + suite.getName() + " could not run on "
          + candidate.id() + ": " + e.getMessage(), Optional.empty(), List.of());
    }
    registry.setTag(model, candidate.version(), RetrainingPolicy.GATE_TAG, gate.passed() ? "passed" : "rejected");
    out.printf("gate %s on %s: %s (%d tests, %d failed)%n", gate.suite(), candidate.id(),
        gate.passed() ? "PASSED" : "FAILED", gate.tests(), gate.failed());
    if (!gate.passed()) {
      return new RunSummary.Promotion("REJECTED_BY_GATE", "the gate suite failed: " + String.join("; ",
          gate.failures()), Optional.of(gate), List.of());
    }
    try {
      registry.setAlias(model, CHAMPION, candidate.version(), OptionalInt.of(champion.version()));
      out.printf("@%s -> %s (was %s)%n", CHAMPION, candidate.id(), champion.id());
      return new RunSummary.Promotion("PROMOTED", "the gate passed and the registry's promotion policy accepted "
          + "its evidence", Optional.of(gate), List.of());
    } catch (PromotionRefusedException e) {
      return new RunSummary.Promotion("REFUSED_BY_POLICY", e.getMessage(), Optional.of(gate),
          e.unmet().stream().map(UnmetRequirement::toString).toList());
    } catch (ConflictException e) {
      return new RunSummary.Promotion("ALIAS_CONFLICT", "@" + CHAMPION + " moved during the run; left where it is: "
          + e.getMessage(), Optional.of(gate), List.of());
    }
  }

  private static Class<?> suiteClass(String name) {
    try {
      return Class.forName(name, true, BatchJob.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new dev.mlops.core.InvalidInputException("gate-suite", "There is no class " + name
          + " on the class path; pass the @ModelTest suite's full name with --gate-suite.");
    }
  }

  /**
   * Turns the registry setting into a URI: a directory becomes a {@code file:} URI.
   *
   * @param setting a directory or a URI with a scheme
   * @return the URI
   */
  static URI registryUri(String setting) {
    int colon = setting.indexOf(':');
    boolean hasScheme = colon > 1 && setting.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*");
    return hasScheme ? URI.create(setting) : Path.of(setting).toAbsolutePath().toUri();
  }

  /**
   * The registry URI as it may be printed: without user information and with any password parameter masked.
   *
   * @param uri the URI
   * @return the printable form
   */
  static String redact(URI uri) {
    String s = uri.getRawUserInfo() == null ? uri.toString() : uri.toString().replace(uri.getRawUserInfo() + "@", "");
    return s.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }

  private static OpenRegistry open(BatchJobConfig config, URI uri, PromotionPolicy policy) {
    ModelRegistry.Builder b = ModelRegistry.builder().uri(uri).promotionPolicy(policy);
    BlobStore blobs = config.blobStore().map(s -> BlobStores.open(URI.create(s))).orElse(null);
    if (blobs != null) {
      b.blobStore(blobs);
    }
    try {
      return new OpenRegistry(b.build(), blobs);
    } catch (RuntimeException e) {
      if (blobs != null) {
        blobs.close();
      }
      throw e;
    }
  }

  /** A registry and the blob store the job opened for it (the registry leaves an explicit store open). */
  private record OpenRegistry(ModelRegistry registry, BlobStore blobs) implements AutoCloseable {
    @Override
    public void close() {
      try {
        registry.close();
      } finally {
        if (blobs != null) {
          blobs.close();
        }
      }
    }
  }
}
