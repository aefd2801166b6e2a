package dev.mlops.registry;

import dev.mlops.core.Digest;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.NotFoundException;
import dev.mlops.core.artifact.ArtifactFile;
import dev.mlops.core.artifact.ArtifactKind;
import dev.mlops.core.model.FeatureSpec;
import dev.mlops.core.model.Schema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads the training data of a registered model version through its lineage: the data set versions
 * whose manifest digests the version's {@code lineage.datasets} records, read back verified from the
 * registry (never from a path recorded at training time). This is how explainers that need the
 * training data find it, for example TreeSHAP's node covers:
 *
 * <pre>{@code
 * ModelVersion v = registry.get("fraud@champion");
 * try (TabularPredictor p = registry.load("fraud@champion")) {
 *   List<double[]> rows = LineageData.trainingRows(registry, v, p.schema());
 *   TreeShap shap = TreeShap.of((TribuoPredictor) p, rows);
 * }
 * }</pre>
 *
 * <p>The data set must be a plain comma-separated file with a header row naming the columns (the
 * form {@link Registration#dataset} registers); every feature of the schema must be a column,
 * other columns (a label) are ignored. Quoted fields are not supported. Stateless and thread-safe.
 */
public final class LineageData {
  private LineageData() {}

  /**
   * Finds the data set version a model version's lineage names first.
   *
   * @param registry the registry
   * @param version the model version
   * @return the data set version
   * @throws NotFoundException if the lineage names no data set, or none of its digests is a data set
   *     version of this registry
   */
  public static ModelVersion trainingDataset(ModelRegistry registry, ModelVersion version) {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(version, "version");
    List<Digest> wanted = version.manifest().lineage().datasets();
    if (wanted.isEmpty()) {
      throw new NotFoundException("dataset", version.id() + " lineage",
          "Version " + version.id() + " records no training data set in its lineage; register it with "
              + "Registration...dataset(datasetVersion.manifestDigest()), or pass the rows yourself.");
    }
    for (Digest d : wanted) {
      Optional<ModelVersion> found = findByManifest(registry, d);
      if (found.isPresent()) {
        return found.get();
      }
    }
    throw new NotFoundException("dataset", wanted.get(0).toString(),
        "None of the data sets in the lineage of " + version.id() + " (" + wanted + ") is a data set version of "
            + "this registry; copy it here or pass the rows yourself.");
  }

  /**
   * Reads the training rows of a model version in a schema's feature order.
   *
   * @param registry the registry
   * @param version the model version
   * @param schema the model's input schema (the order of the returned rows' values)
   * @return one row per data line, in schema order
   * @throws NotFoundException as {@link #trainingDataset}
   * @throws InvalidInputException if the data set is not one CSV file, lacks a feature column, or holds a
   *     value that is not a finite number
   */
  public static List<double[]> trainingRows(ModelRegistry registry, ModelVersion version, Schema schema) {
    Objects.requireNonNull(schema, "schema");
    ModelVersion data = trainingDataset(registry, version);
    List<ArtifactFile> files = data.manifest().files();
    if (files.size() != 1) {
      throw new InvalidInputException("dataset", "Data set " + data.id() + " holds " + files.size()
          + " files; training rows are read from a data set of exactly one CSV file.");
    }
    try (InputStream in = registry.openFile(data.id().toString(), files.get(0).path())) {
      return readRows(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), schema, data.id().toString());
    } catch (IOException e) {
      throw new UncheckedIOException("Reading data set " + data.id() + " failed", e);
    }
  }

  private static Optional<ModelVersion> findByManifest(ModelRegistry registry, Digest manifest) {
    for (ModelVersion v : registry.search(VersionQuery.builder().kind(ArtifactKind.DATASET).build())) {
      if (v.manifestDigest().equals(manifest)) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }

  private static List<double[]> readRows(BufferedReader reader, Schema schema, String dataset) throws IOException {
    String header = reader.readLine();
    if (header == null) {
      throw new InvalidInputException("dataset", "Data set " + dataset + " is empty; it needs a header row.");
    }
    String[] names = split(header, dataset, 1);
    Map<String, Integer> column = new HashMap<>();
    for (int i = 0; i < names.length; i++) {
      column.put(names[i].strip(), i);
    }
    List<FeatureSpec> features = schema.features();
    int[] index = new int[features.size()];
    for (int f = 0; f < index.length; f++) {
      Integer c = column.get(features.get(f).name());
      if (c == null) {
        throw new InvalidInputException(features.get(f).name(), "Data set " + dataset + " has no column '"
            + features.get(f).name() + "' that the model's schema needs.");
      }
      index[f] = c;
    }
    List<double[]> rows = new ArrayList<>();
    String line;
    int lineNumber = 1;
    while ((line = reader.readLine()) != null) {
      lineNumber++;
      if (line.isBlank()) {
        continue;
      }
      String[] cells = split(line, dataset, lineNumber);
      double[] row = new double[index.length];
      for (int f = 0; f < index.length; f++) {
        if (index[f] >= cells.length) {
          throw new InvalidInputException(features.get(f).name(), "Line " + lineNumber + " of data set " + dataset
              + " has " + cells.length + " fields; the header has " + names.length + ".");
        }
        try {
          row[f] = Double.parseDouble(cells[index[f]].strip());
        } catch (NumberFormatException e) {
          row[f] = Double.NaN;
        }
        if (!Double.isFinite(row[f])) {
          throw new InvalidInputException(features.get(f).name(), "Line " + lineNumber + " of data set " + dataset
              + ": the value of '" + features.get(f).name() + "' is not a finite number.");
        }
      }
      rows.add(row);
    }
    return rows;
  }

  private static String[] split(String line, String dataset, int lineNumber) {
    if (line.indexOf('"') >= 0) {
      throw new InvalidInputException("dataset", "Line " + lineNumber + " of data set " + dataset
          + " has a quoted field; only plain comma-separated values are read here. Pass the rows yourself.");
    }
    return line.split(",", -1);
  }
}
