package dev.mlops.examples.service;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.artifact.VersionId;
import dev.mlops.core.model.Prediction;
import dev.mlops.core.routing.Routed;
import dev.mlops.monitoring.monitor.PredictionMonitor;
import dev.mlops.registry.routing.ModelRouter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /predict}: the features as a JSON object in, the prediction, the variant that answered,
 * the version it served and the decision id out. Every answer is recorded by the monitor under its
 * variant; a refused input is recorded as an error and answered with 400.
 *
 * <p>Thread-safe: the router and the monitor are.
 */
@RestController
public class PredictionController {
  private final ModelRouter router;
  private final PredictionMonitor monitor;

  /**
   * Creates the controller.
   *
   * @param router the router
   * @param monitor the monitor
   */
  public PredictionController(ModelRouter router, PredictionMonitor monitor) {
    this.router = router;
    this.monitor = monitor;
  }

  /**
   * The answer to one prediction request.
   *
   * @param label the predicted label (classification), or null
   * @param scores the label scores (classification), or null
   * @param values the predicted values (regression), or null
   * @param variant the variant that answered, e.g. {@code breast-cancer-classifier@champion}
   * @param version the version that variant served right after the call, e.g. {@code breast-cancer-classifier/2}
   * @param decisionId the router's decision id (join outcomes and labels on it)
   * @param reason why that variant answered (the router's {@code Reason})
   * @param unit the unit the decision was made for
   */
  public record PredictionResponse(String label, Map<String, Double> scores, Map<String, Double> values,
      String variant, String version, long decisionId, String reason, String unit) {}

  /**
   * An error answer.
   *
   * @param error what went wrong and what to do
   */
  public record ErrorResponse(String error) {}

  /**
   * Routes one request.
   *
   * @param unit the unit to assign (a user or entity id: the same unit always gets the same variant);
   *     a random one when absent
   * @param body the features by name
   * @return the answer
   * @throws InvalidInputException if the features do not match the model's signature
   */
  @PostMapping(path = "/predict", consumes = "application/json", produces = "application/json")
  public PredictionResponse predict(@RequestParam(name = "unit", required = false) String unit,
      @RequestBody Map<String, Object> body) {
    String u = unit == null || unit.isBlank() ? UUID.randomUUID().toString() : unit;
    Map<String, Object> features = new LinkedHashMap<>();
    body.forEach((k, v) -> features.put(k, v instanceof Number n ? (Object) n.doubleValue() : v));
    long t0 = System.nanoTime();
    Routed<Prediction> r;
    try {
      r = router.route(u, features);
    } catch (InvalidInputException e) {
      monitor.recordError(monitor.variants().get(0), u, features, e.getClass().getSimpleName(),
          System.nanoTime() - t0);
      throw e;
    }
    monitor.record(r, features, System.nanoTime() - t0);
    String variant = r.decision().variant();
    VersionId served = router.servedVersions().get(variant);
    Prediction p = r.output();
    String label = p instanceof Prediction.Classification c ? c.label() : null;
    Map<String, Double> scores = p instanceof Prediction.Classification c ? c.scores() : null;
    Map<String, Double> values = p instanceof Prediction.Regression g ? g.values() : null;
    return new PredictionResponse(label, scores, values, variant, String.valueOf(served), r.decision().id(),
        r.decision().reason().name(), u);
  }

  /**
   * Answers a refused input with 400 and the library's message.
   *
   * @param e the refusal
   * @return the error answer
   */
  @ExceptionHandler(InvalidInputException.class)
  public ResponseEntity<ErrorResponse> invalid(InvalidInputException e) {
    return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(new ErrorResponse(e.getMessage()));
  }
}
