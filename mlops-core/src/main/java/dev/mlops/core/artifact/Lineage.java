package dev.mlops.core.artifact;

import dev.mlops.core.Digest;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where an artifact came from: the training run that produced it, the versions it was derived from,
 * and the data sets it was trained or evaluated on. Lineage is part of the immutable manifest.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param runId the id of the training run that produced the artifact, if any
 * @param parents versions this artifact was derived from (fine-tuned from, distilled from, ...)
 * @param datasets digests of the data sets used: the manifest digests of registered data set
 *     versions, or the digests of raw data files
 */
public record Lineage(Optional<String> runId, List<VersionId> parents, List<Digest> datasets) {
  /** No lineage recorded. */
  public static final Lineage NONE = new Lineage(Optional.empty(), List.of(), List.of());

  /**
   * Copies the lists.
   *
   * @param runId the run id
   * @param parents the parent versions
   * @param datasets the data set digests
   */
  public Lineage {
    Objects.requireNonNull(runId, "runId");
    runId.ifPresent(dev.mlops.core.Names::requireTagValue);
    parents = List.copyOf(parents);
    datasets = List.copyOf(datasets);
  }

  /**
   * Returns a copy with the run id set.
   *
   * @param id the run id
   * @return the new lineage
   */
  public Lineage withRunId(String id) {
    return new Lineage(Optional.of(id), parents, datasets);
  }

  /**
   * Returns a copy with one more parent version.
   *
   * @param parent the parent version
   * @return the new lineage
   */
  public Lineage withParent(VersionId parent) {
    return new Lineage(runId, append(parents, parent), datasets);
  }

  /**
   * Returns a copy with one more data set digest.
   *
   * @param dataset the data set digest
   * @return the new lineage
   */
  public Lineage withDataset(Digest dataset) {
    return new Lineage(runId, parents, append(datasets, dataset));
  }

  private static <T> List<T> append(List<T> list, T item) {
    Objects.requireNonNull(item, "item");
    var copy = new java.util.ArrayList<T>(list);
    copy.add(item);
    return copy;
  }
}
