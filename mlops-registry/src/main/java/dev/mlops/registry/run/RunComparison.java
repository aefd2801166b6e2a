package dev.mlops.registry.run;

import java.util.List;
import java.util.Objects;

/**
 * Two runs side by side: every parameter, metric, seed, data set, environment entry and provenance
 * entry (the flattened {@value Run#PROVENANCE_ARTIFACT} artifact, when the runs logged one) that
 * differs.
 *
 * <p>Immutable and thread-safe.
 *
 * @param left the first run
 * @param right the second run
 * @param params differing parameters
 * @param metrics differing latest metric values
 * @param seeds differing seeds
 * @param datasets differing data set inputs, keyed {@code ROLE:source}, valued by digest
 * @param environment differing environment entries
 * @param provenance differing provenance entries
 */
public record RunComparison(RunRecord left, RunRecord right, List<Difference> params, List<Difference> metrics,
    List<Difference> seeds, List<Difference> datasets, List<Difference> environment, List<Difference> provenance) {
  /**
   * Copies the lists.
   *
   * @param left the first run
   * @param right the second run
   * @param params differing parameters
   * @param metrics differing latest metric values
   * @param seeds differing seeds
   * @param datasets differing data set inputs, keyed {@code ROLE:source}, valued by digest
   * @param environment differing environment entries
   * @param provenance differing provenance entries
   */
  public RunComparison {
    Objects.requireNonNull(left, "left");
    Objects.requireNonNull(right, "right");
    params = List.copyOf(params);
    metrics = List.copyOf(metrics);
    seeds = List.copyOf(seeds);
    datasets = List.copyOf(datasets);
    environment = List.copyOf(environment);
    provenance = List.copyOf(provenance);
  }

  /**
   * Renders the comparison as text, one difference per line, grouped by section.
   *
   * @return the text
   */
  public String render() {
    StringBuilder sb = new StringBuilder("compare " + left.runId() + " | " + right.runId() + "\n");
    section(sb, "params", params);
    section(sb, "metrics", metrics);
    section(sb, "seeds", seeds);
    section(sb, "datasets", datasets);
    section(sb, "environment", environment);
    section(sb, "provenance", provenance);
    return sb.toString();
  }

  private static void section(StringBuilder sb, String name, List<Difference> diffs) {
    sb.append(name).append(diffs.isEmpty() ? ": same\n" : ":\n");
    diffs.forEach(d -> sb.append("  ").append(d).append('\n'));
  }
}
