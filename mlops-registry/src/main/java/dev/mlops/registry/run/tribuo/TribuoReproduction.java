package dev.mlops.registry.run.tribuo;

import dev.mlops.core.Digest;
import dev.mlops.registry.run.Difference;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.tribuo.Model;

/**
 * What {@link TribuoRuns#reproduce} found.
 *
 * <p>Immutable (the model is Tribuo's, itself immutable) and thread-safe.
 *
 * @param runId the reproduced run
 * @param recordedParameterDigest the parameter digest of the recorded model
 * @param reproducedParameterDigest the parameter digest of the retrained model
 * @param recordedDataDigest the digest of the training data recorded in the provenance, if any
 * @param usedDataDigest the digest of the data actually trained on, if a file
 * @param dataSource where the data came from: {@code registry}, {@code override:PATH},
 *     {@code recorded-path:PATH} or {@code configuration}
 * @param evaluated how many evaluation examples were predicted by both models
 * @param predictionMismatches how many of them differ in output or in any score (bit for bit)
 * @param provenanceDiff provenance entries that differ (timestamps and file paths excluded)
 * @param environmentDiff environment entries that differ between the run and this JVM
 * @param reproducedModel the retrained model
 */
public record TribuoReproduction(String runId, Digest recordedParameterDigest, Digest reproducedParameterDigest,
    Optional<Digest> recordedDataDigest, Optional<Digest> usedDataDigest, String dataSource, int evaluated,
    int predictionMismatches, List<Difference> provenanceDiff, List<Difference> environmentDiff,
    Model<?> reproducedModel) {
  /**
   * Copies the lists.
   *
   * @param runId the reproduced run
   * @param recordedParameterDigest the parameter digest of the recorded model
   * @param reproducedParameterDigest the parameter digest of the retrained model
   * @param recordedDataDigest the digest of the training data recorded in the provenance, if any
   * @param usedDataDigest the digest of the data actually trained on, if a file
   * @param dataSource where the data came from: {@code registry}, {@code override:PATH},
   * @param evaluated how many evaluation examples were predicted by both models
   * @param predictionMismatches how many of them differ in output or in any score (bit for bit)
   * @param provenanceDiff provenance entries that differ (timestamps and file paths excluded)
   * @param environmentDiff environment entries that differ between the run and this JVM
   * @param reproducedModel the retrained model
   */
  public TribuoReproduction {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(recordedParameterDigest, "recordedParameterDigest");
    Objects.requireNonNull(reproducedParameterDigest, "reproducedParameterDigest");
    Objects.requireNonNull(recordedDataDigest, "recordedDataDigest");
    Objects.requireNonNull(usedDataDigest, "usedDataDigest");
    provenanceDiff = List.copyOf(provenanceDiff);
    environmentDiff = List.copyOf(environmentDiff);
    Objects.requireNonNull(reproducedModel, "reproducedModel");
  }

  /**
   * Tells whether the parameter digests are equal.
   *
   * @return true if the retrained model's parameters equal the recorded ones bit for bit
   */
  public boolean parametersEqual() {
    return recordedParameterDigest.equals(reproducedParameterDigest);
  }

  /**
   * Tells whether every prediction and score on the evaluation data is equal.
   *
   * @return true if there was evaluation data and nothing differed
   */
  public boolean predictionsEqual() {
    return evaluated > 0 && predictionMismatches == 0;
  }

  /**
   * Tells whether the training data was the recorded data.
   *
   * @return false if the digests differ or one is unknown
   */
  public boolean dataMatches() {
    return recordedDataDigest.isPresent() && recordedDataDigest.equals(usedDataDigest);
  }

  /**
   * Tells whether the run was reproduced bit for bit: equal parameters and predictions.
   *
   * @return the verdict
   */
  public boolean isBitForBit() {
    return parametersEqual() && predictionsEqual();
  }

  /**
   * Renders the report as a few lines of text.
   *
   * @return the text
   */
  public String render() {
    StringBuilder sb = new StringBuilder();
    sb.append("reproduce run ").append(runId).append(": ")
        .append(isBitForBit() ? "REPRODUCED bit for bit" : "NOT reproduced").append('\n');
    sb.append("  parameter digest ").append(parametersEqual() ? "equal " : "differs ")
        .append(recordedParameterDigest).append(parametersEqual() ? "" : " -> " + reproducedParameterDigest).append('\n');
    sb.append("  predictions ").append(evaluated - predictionMismatches).append('/').append(evaluated).append(" equal\n");
    sb.append("  data ").append(dataMatches() ? "matches " : "MISMATCH ")
        .append(recordedDataDigest.map(Digest::toString).orElse("(unrecorded)"))
        .append(dataMatches() ? "" : " -> " + usedDataDigest.map(Digest::toString).orElse("(unknown)"))
        .append(" from ").append(dataSource).append('\n');
    sb.append("  provenance: ").append(provenanceDiff.isEmpty() ? "same" : provenanceDiff.size() + " differences").append('\n');
    provenanceDiff.forEach(d -> sb.append("    ").append(d).append('\n'));
    sb.append("  environment: ").append(environmentDiff.isEmpty() ? "same" : environmentDiff.size() + " differences").append('\n');
    environmentDiff.forEach(d -> sb.append("    ").append(d).append('\n'));
    return sb.toString();
  }
}
