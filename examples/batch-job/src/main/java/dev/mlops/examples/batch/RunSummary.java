package dev.mlops.examples.batch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.monitoring.alert.Alert;
import dev.mlops.monitoring.drift.DriftReport;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one run of the {@link BatchJob} did, written as {@code summary.json} (schema version
 * {@value #SCHEMA_VERSION}) and printed: counts, the drift result, the alerts, the retraining decision, the
 * gate's outcome and where the files are.
 *
 * <p>Immutable and thread-safe.
 *
 * @param status {@code SUCCEEDED} or {@code FAILED}
 * @param failure why the run failed, if it did
 * @param startedAt when the run started
 * @param finishedAt when it ended
 * @param registry the registry the run used (a password in it masked)
 * @param model the model name
 * @param champion the version scored with ({@code name/version})
 * @param championDigest its manifest digest
 * @param referenceSource where the reference profile came from
 * @param scoring the scoring counts
 * @param drift the whole batch's drift report against the reference
 * @param windows the monitoring windows, in order
 * @param alerts the alerts raised and resolved, in order
 * @param retraining the retraining decision
 * @param promotion the gate and the promotion decision
 * @param championAfter the version {@code @champion} points at after the run
 * @param files the files written
 */
public record RunSummary(String status, Optional<String> failure, Instant startedAt, Instant finishedAt,
    String registry, String model, String champion, String championDigest, String referenceSource,
    BatchScorer.Result scoring, DriftReport drift, List<Window> windows, List<Alert> alerts, Retraining retraining,
    Promotion promotion, String championAfter, Map<String, Path> files) {

  /** The version of the JSON document. */
  public static final int SCHEMA_VERSION = 1;

  /**
   * Copies the lists.
   *
   * @param status the status
   * @param failure the failure, if any
   * @param startedAt the start
   * @param finishedAt the end
   * @param registry the registry
   * @param model the model
   * @param champion the champion scored with
   * @param championDigest its digest
   * @param referenceSource the reference's source
   * @param scoring the counts
   * @param drift the drift report
   * @param windows the windows
   * @param alerts the alerts
   * @param retraining the retraining decision
   * @param promotion the promotion decision
   * @param championAfter the champion after the run
   * @param files the files
   */
  public RunSummary {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(failure, "failure");
    windows = List.copyOf(windows);
    alerts = List.copyOf(alerts);
    files = Map.copyOf(files);
  }

  /**
   * Tells whether the run succeeded.
   *
   * @return whether {@link #status()} is {@code SUCCEEDED}
   */
  public boolean succeeded() {
    return status.equals("SUCCEEDED");
  }

  /**
   * One monitoring window of the batch.
   *
   * <p>Immutable and thread-safe.
   *
   * @param index the window's number, from 0
   * @param rows the rows in it (rejected ones included)
   * @param errors the rejected rows
   * @param driftChecked whether it had enough rows for a drift check
   * @param driftShare the share of drifted columns (0 when not checked)
   * @param drifting whether it counted as drifting for the retraining policy
   */
  public record Window(long index, long rows, long errors, boolean driftChecked, double driftShare,
      boolean drifting) {}

  /**
   * The retraining decision.
   *
   * <p>Immutable and thread-safe.
   *
   * @param decision {@code NOT_TRIGGERED}, {@code TRIGGERED}, {@code SKIPPED_COOL_DOWN} or
   *     {@code DISABLED_NO_LABELLED_DATA}
   * @param reason a sentence
   * @param status the retraining attempt's status ({@code CANDIDATE}, {@code FAILED}), if one ran
   * @param runId the training run, if one started
   * @param candidate the registered candidate ({@code name/version}), if any
   * @param failure what failed, if the attempt failed
   */
  public record Retraining(String decision, String reason, Optional<String> status, Optional<String> runId,
      Optional<String> candidate, Optional<String> failure) {}

  /**
   * The promotion gate and decision.
   *
   * <p>Immutable and thread-safe.
   *
   * @param decision {@code NO_CANDIDATE}, {@code PROMOTED}, {@code REJECTED_BY_GATE},
   *     {@code REFUSED_BY_POLICY}, {@code ALIAS_CONFLICT} or {@code GATE_FAILED} (the suite could not run)
   * @param reason a sentence
   * @param gate what the gate's suite said, if it ran
   * @param unmet the promotion policy's unmet requirements, if it refused
   */
  public record Promotion(String decision, String reason, Optional<GateResult> gate, List<String> unmet) {
    /**
     * Copies the list.
     *
     * @param decision the decision
     * @param reason the reason
     * @param gate the gate's result, if it ran
     * @param unmet the unmet requirements
     */
    public Promotion {
      unmet = List.copyOf(unmet);
    }
  }

  /**
   * Renders the summary as pretty-printed JSON.
   *
   * @return the JSON text
   */
  public String toJson() {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.put("schemaVersion", SCHEMA_VERSION);
    root.put("status", status);
    failure.ifPresent(f -> root.put("failure", f));
    root.put("startedAt", startedAt.toString());
    root.put("finishedAt", finishedAt.toString());
    root.put("registry", registry);
    root.put("model", model);
    ObjectNode champ = root.putObject("champion");
    champ.put("version", champion);
    champ.put("manifestDigest", championDigest);
    champ.put("referenceProfile", referenceSource);
    champ.put("after", championAfter);
    if (scoring != null) {
      ObjectNode s = root.putObject("counts");
      s.put("rows", scoring.rows());
      s.put("scored", scoring.scored());
      s.put("rejected", scoring.rejected());
      ObjectNode p = s.putObject("predicted");
      scoring.predicted().entrySet().stream().sorted(Map.Entry.comparingByKey())
          .forEach(e -> p.put(e.getKey(), e.getValue()));
    }
    if (drift != null) {
      ObjectNode d = root.putObject("drift");
      d.put("datasetDrift", drift.datasetDrift());
      d.put("driftShare", drift.driftShare());
      d.put("driftedColumns", drift.driftedColumns());
      d.put("consideredColumns", drift.consideredColumns());
      ArrayNode names = d.putArray("driftedColumnNames");
      drift.driftedColumnNames().forEach(names::add);
      ArrayNode missing = d.putArray("missingShareAlerts");
      drift.missingShareAlerts().forEach(missing::add);
      ArrayNode w = d.putArray("windows");
      for (Window win : windows) {
        ObjectNode o = w.addObject();
        o.put("index", win.index());
        o.put("rows", win.rows());
        o.put("errors", win.errors());
        o.put("driftChecked", win.driftChecked());
        o.put("driftShare", win.driftShare());
        o.put("drifting", win.drifting());
      }
    }
    ArrayNode a = root.putArray("alerts");
    for (Alert alert : alerts) {
      ObjectNode o = a.addObject();
      o.put("rule", alert.rule());
      o.put("kind", alert.kind().name());
      o.put("window", alert.windowIndex());
      o.put("value", alert.value());
      o.put("threshold", alert.threshold());
      o.put("message", alert.message());
    }
    if (retraining != null) {
      ObjectNode r = root.putObject("retraining");
      r.put("decision", retraining.decision());
      r.put("reason", retraining.reason());
      retraining.status().ifPresent(v -> r.put("status", v));
      retraining.runId().ifPresent(v -> r.put("runId", v));
      retraining.candidate().ifPresent(v -> r.put("candidate", v));
      retraining.failure().ifPresent(v -> r.put("failure", v));
    }
    if (promotion != null) {
      ObjectNode p = root.putObject("promotion");
      p.put("decision", promotion.decision());
      p.put("reason", promotion.reason());
      promotion.gate().ifPresent(g -> {
        ObjectNode o = p.putObject("gate");
        o.put("suite", g.suite());
        o.put("passed", g.passed());
        o.put("tests", g.tests());
        o.put("failed", g.failed());
        ArrayNode f = o.putArray("failures");
        g.failures().forEach(f::add);
        g.evidence().ifPresent(e -> o.put("evidence", e));
        g.report().ifPresent(e -> o.put("report", e));
      });
      ArrayNode u = p.putArray("unmetRequirements");
      promotion.unmet().forEach(u::add);
    }
    ObjectNode f = root.putObject("files");
    files.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> f.put(e.getKey(), e.getValue().toAbsolutePath().toString()));
    try {
      return mapper.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always renders", e);
    }
  }
}
