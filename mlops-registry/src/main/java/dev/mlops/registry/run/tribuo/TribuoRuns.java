package dev.mlops.registry.run.tribuo;

import com.oracle.labs.mlrg.olcut.config.ConfigurationData;
import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.property.SimpleProperty;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import com.oracle.labs.mlrg.olcut.provenance.primitives.FileProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.HashProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.URLProvenance;
import com.oracle.labs.mlrg.olcut.util.Pair;
import dev.mlops.core.Digest;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.NotFoundException;
import dev.mlops.core.StoreException;
import dev.mlops.core.tribuo.TribuoModels;
import dev.mlops.registry.run.DatasetInput;
import dev.mlops.registry.run.DatasetRole;
import dev.mlops.registry.run.Difference;
import dev.mlops.registry.run.Run;
import dev.mlops.registry.run.RunRecord;
import dev.mlops.registry.run.Tracking;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.tribuo.DataSource;
import org.tribuo.Dataset;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Output;
import org.tribuo.Prediction;
import org.tribuo.Trainer;
import org.tribuo.evaluation.TrainTestSplitter;
import org.tribuo.provenance.DataSourceProvenance;
import org.tribuo.provenance.DatasetProvenance;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.provenance.TrainerProvenance;

/**
 * Tribuo training inside a run, and its reproduction from what was recorded.
 *
 * <pre>{@code
 * var source = new CSVLoader<>(new LabelFactory()).loadDataSource(csv, "species");
 * var split = new TrainTestSplitter<>(source, 0.7, 42L);
 * Model<Label> model = tracking.run("iris", "lr", run -> {
 *   Model<Label> m = TribuoRuns.train(run, new LogisticRegressionTrainer(), new MutableDataset<>(split.getTrain()));
 *   run.register(Registration.model("iris-lr", m));
 *   return m;
 * });
 * TribuoReproduction r = TribuoRuns.reproduce(tracking, runId);
 * r.isBitForBit();   // equal parameter digest and equal predictions on the held-out split
 * }</pre>
 *
 * <p><b>What training records.</b> The model's full provenance as JSON (artifact
 * {@code tribuo/provenance.json}), its flattened form ({@value Run#PROVENANCE_ARTIFACT}, compared by
 * {@link Tracking#compare}), the model ({@code tribuo/model.pb}), the trainer's configuration as
 * parameters ({@code trainer.epochs}, {@code trainer.seed}, ...), the seeds (trainer seed, split seed)
 * and the trainer's invocation count (its RNG state), the training data as a data set input (digest
 * from the data source's {@code resource-hash}, feature names, row count; skipped when the run
 * already logged a registered data set version holding that file) and, when the data is a
 * file, the file itself as a content-addressed artifact ({@code data/FILE}) so the registry holds it
 * by digest; the parameter and provenance digests as tags.
 *
 * <p><b>What reproduction does.</b> {@link #reproduce} re-instantiates the trainer with OLCUT's
 * {@link ConfigurationManager} from the configuration extracted from the recorded provenance
 * ({@link ProvenanceUtil#extractConfiguration}), sets its invocation count to the recorded one
 * ({@link Trainer#setInvocationCount}), re-instantiates the data source the same way with its
 * {@code dataPath} rewritten to the data resolved <em>by digest from the registry's blob store</em>
 * (falling back to the recorded path only when the registry lacks it), re-applies a
 * {@link TrainTestSplitter} with the recorded proportion and seed, retrains, and compares: parameter
 * digests ({@link ModelDigests}), predictions and scores of both models on the evaluation data (the
 * held-out side of the split, or the training data without a split), the provenance
 * ({@link TribuoProvenance#flatten}) and the environment. Supported: data sources whose provenance is
 * a configurable OLCUT object (CSV via {@code CSVLoader}/{@code CSVDataSource}, generators), directly
 * or under a {@code TrainTestSplitter}, in a {@code MutableDataset} without transformations.
 *
 * <p>This class is stateless and thread-safe.
 */
public final class TribuoRuns {
  /** Artifact holding the model's full provenance (OLCUT marshalled JSON). */
  public static final String PROVENANCE_JSON = "tribuo/provenance.json";
  /** Artifact holding the model (Tribuo protobuf). */
  public static final String MODEL_ARTIFACT = "tribuo/model.pb";
  /** Tag holding the parameter digest. */
  public static final String PARAMETER_DIGEST_TAG = "tribuo.parameterDigest";
  /** Tag holding the provenance digest. */
  public static final String PROVENANCE_DIGEST_TAG = "tribuo.provenanceDigest";

  private TribuoRuns() {}

  /**
   * Trains on a data source inside a run (wrapped in a {@link MutableDataset}).
   *
   * @param run the open run
   * @param trainer the trainer
   * @param source the data
   * @param <T> the output type
   * @return the model
   */
  public static <T extends Output<T>> Model<T> train(Run run, Trainer<T> trainer, DataSource<T> source) {
    return train(run, trainer, new MutableDataset<>(source));
  }

  /**
   * Trains on a dataset inside a run and records everything reproduction needs.
   *
   * @param run the open run
   * @param trainer the trainer
   * @param data the training data
   * @param <T> the output type
   * @return the model
   */
  public static <T extends Output<T>> Model<T> train(Run run, Trainer<T> trainer, Dataset<T> data) {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(trainer, "trainer");
    Objects.requireNonNull(data, "data");
    Model<T> model = trainer.train(data);
    ModelProvenance p = model.getProvenance();
    Map<String, String> flat = TribuoProvenance.flatten(p);

    Map<String, String> params = new TreeMap<>();
    flat.forEach((k, v) -> {
      if (k.startsWith("trainer.") && !k.endsWith("host-short-name") && !k.endsWith("tribuo-version")) {
        params.put(k, v);
      }
    });
    run.logParams(params);
    seed(flat, "trainer.seed").ifPresent(s -> run.logSeed("trainer.seed", s));
    seed(flat, "dataset.datasource.seed").ifPresent(s -> run.logSeed("data.split.seed", s));

    List<String> features = new ArrayList<>();
    data.getFeatureIDMap().forEach(f -> features.add(f.getName()));
    Optional<Digest> dataDigest = dataDigest(p.getDatasetProvenance());
    Optional<Path> dataFile = dataPath(p.getDatasetProvenance());
    String source = dataFile.map(Path::toString).orElse(p.getDatasetProvenance().getSourceProvenance().getClassName());
    if (dataDigest.isPresent() && !loggedAsVersion(run, dataDigest.get())) {
      run.logDataset(new DatasetInput(dataDigest.get(), clip(source), features, data.size(), DatasetRole.TRAINING));
    }
    if (dataDigest.isPresent() && dataFile.isPresent() && Files.isRegularFile(dataFile.get())) {
      // Logged even when the blob exists already: the run's artifact keeps it from garbage collection.
      Digest actual = Digest.sha256(dataFile.get());
      if (actual.equals(dataDigest.get())) {
        run.logArtifact("data/" + dataFile.get().getFileName(), dataFile.get());
      }
    }
    run.logArtifact(MODEL_ARTIFACT, TribuoModels.serialize(model));
    run.logArtifact(PROVENANCE_JSON, TribuoProvenance.toJson(p));
    var flatJson = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
    flat.forEach(flatJson::put);
    run.logArtifact(Run.PROVENANCE_ARTIFACT, dev.mlops.core.json.CanonicalJson.canonicalize(flatJson));
    run.setTag(PARAMETER_DIGEST_TAG, ModelDigests.parameterDigest(model).toString());
    run.setTag(PROVENANCE_DIGEST_TAG, TribuoProvenance.digest(p).toString());
    run.setTag("tribuo.trainer", p.getTrainerProvenance().getClassName());
    return model;
  }

  /** Whether the run already logged a registered data set version whose file has this digest. */
  private static boolean loggedAsVersion(Run run, Digest fileDigest) {
    for (DatasetInput d : run.record().datasets()) {
      if (d.source().startsWith("registry:")) {
        var v = run.tracking().registry().get(d.source().substring("registry:".length()));
        if (v.manifest().files().stream().anyMatch(f -> f.digest().equals(fileDigest))) {
          return true;
        }
      }
    }
    return false;
  }

  private static Optional<Long> seed(Map<String, String> flat, String key) {
    String v = flat.get(key);
    if (v == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(v));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  // ------------------------------------------------------------------ reproduce

  /**
   * Reproduces a run with its recorded configuration and data.
   *
   * @param tracking the tracking holding the run
   * @param runId the run
   * @return the report
   * @throws InvalidInputException if the run holds no Tribuo training, or its data source cannot be
   *     re-created from its provenance
   * @throws NotFoundException if the training data is neither in the registry nor at its recorded path
   */
  public static TribuoReproduction reproduce(Tracking tracking, String runId) {
    return reproduce(tracking, runId, ReproduceOptions.defaults());
  }

  /**
   * Reproduces a run, with options for "what if" reproductions.
   *
   * @param tracking the tracking holding the run
   * @param runId the run
   * @param options the options
   * @return the report
   * @throws InvalidInputException if the run holds no Tribuo training, or its data source cannot be
   *     re-created from its provenance
   * @throws NotFoundException if the training data is neither in the registry nor at its recorded path
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static TribuoReproduction reproduce(Tracking tracking, String runId, ReproduceOptions options) {
    RunRecord rec = tracking.require(runId);
    if (rec.artifact(PROVENANCE_JSON).isEmpty() || rec.artifact(MODEL_ARTIFACT).isEmpty()) {
      throw new InvalidInputException("runId", "Run " + runId + " holds no Tribuo training (no " + PROVENANCE_JSON
          + "); train with TribuoRuns.train inside the run.");
    }
    ModelProvenance recorded = (ModelProvenance) TribuoProvenance.fromJson(tracking.readArtifact(runId, PROVENANCE_JSON));
    Model original = TribuoModels.deserialize(tracking.readArtifact(runId, MODEL_ARTIFACT), "run " + runId);

    Trainer trainer = trainer(recorded.getTrainerProvenance(), options);
    Path staging = null;
    try {
      staging = Files.createTempDirectory("mlops-reproduce-");
      Data data = data(tracking, recorded.getDatasetProvenance(), options, staging);
      Model reproduced = trainer.train(data.train);
      Dataset<?> eval = data.eval;
      int evaluated = 0;
      int mismatches = 0;
      List<Prediction> a = original.predict(eval);
      List<Prediction> b = reproduced.predict(eval);
      for (int i = 0; i < a.size(); i++) {
        evaluated++;
        if (!canonical(a.get(i)).equals(canonical(b.get(i)))) {
          mismatches++;
        }
      }
      Map<String, String> left = TribuoProvenance.flatten(recorded);
      Map<String, String> right = TribuoProvenance.flatten(reproduced.getProvenance());
      return new TribuoReproduction(runId, ModelDigests.parameterDigest(original), ModelDigests.parameterDigest(reproduced),
          dataDigest(recorded.getDatasetProvenance()), data.usedDigest, data.origin, evaluated, mismatches,
          Difference.between(left, right), Difference.between(rec.environment(), tracking.environment()), reproduced);
    } catch (IOException e) {
      throw new StoreException("temporary directory", "Could not stage the training data of run " + runId + ": "
          + e.getMessage(), e);
    } finally {
      deleteTree(staging);
    }
  }

  private static String canonical(Prediction<?> p) {
    StringBuilder sb = new StringBuilder(p.getOutput().getSerializableForm(true));
    new TreeMap<>(p.getOutputScores()).forEach((k, v) -> sb.append('|').append(k).append('=')
        .append(((Output<?>) v).getSerializableForm(true)));
    return sb.toString();
  }

  @SuppressWarnings("rawtypes")
  private static Trainer trainer(TrainerProvenance tp, ReproduceOptions options) {
    List<ConfigurationData> conf = new ArrayList<>(ProvenanceUtil.extractConfiguration(tp));
    if (conf.isEmpty() || !conf.get(0).getClassName().equals(tp.getClassName())) {
      throw new InvalidInputException("trainer", "The recorded trainer " + tp.getClassName()
          + " is not configurable, so it cannot be re-created from its provenance.");
    }
    if (!options.trainerProperties().isEmpty()) {
      ConfigurationData root = conf.get(0).copy();
      options.trainerProperties().forEach((k, v) -> root.add(k, new SimpleProperty(v)));
      conf.set(0, root);
    }
    ConfigurationManager cm = new ConfigurationManager();
    cm.addConfiguration(conf);
    Trainer t = (Trainer) cm.lookup(conf.get(0).getName());
    Provenance count = tp.getInstanceValues().get("train-invocation-count");
    if (count instanceof PrimitiveProvenance) {
      t.setInvocationCount(((Number) ((PrimitiveProvenance<?>) count).getValue()).intValue());
    }
    return t;
  }

  private static final class Data {
    @SuppressWarnings("rawtypes")
    Dataset train;
    Dataset<?> eval;
    Optional<Digest> usedDigest = Optional.empty();
    String origin = "configuration";
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Data data(Tracking tracking, DatasetProvenance dp, ReproduceOptions options, Path staging)
      throws IOException {
    if (!dp.getTransformationProvenance().getList().isEmpty()) {
      throw new InvalidInputException("dataset", "The recorded dataset was transformed (" + dp.getTransformationProvenance()
          + "); reproduction supports untransformed MutableDatasets.");
    }
    ObjectProvenance sp = dp.getSourceProvenance();
    Data d = new Data();
    if (sp instanceof TrainTestSplitter.SplitDataSourceProvenance) {
      Map<String, Provenance> m = fields(sp);
      DataSource inner = source(tracking, (ObjectProvenance) m.get("source"), options, staging, d);
      double proportion = ((Number) ((PrimitiveProvenance<?>) m.get("train-proportion")).getValue()).doubleValue();
      long seed = ((Number) ((PrimitiveProvenance<?>) m.get("seed")).getValue()).longValue();
      boolean isTrain = (Boolean) ((PrimitiveProvenance<?>) m.get("is-train")).getValue();
      TrainTestSplitter splitter = new TrainTestSplitter(inner, proportion, seed);
      d.train = new MutableDataset(isTrain ? splitter.getTrain() : splitter.getTest());
      d.eval = new MutableDataset(isTrain ? splitter.getTest() : splitter.getTrain());
    } else {
      d.train = new MutableDataset(source(tracking, sp, options, staging, d));
      d.eval = d.train;
    }
    return d;
  }

  @SuppressWarnings("rawtypes")
  private static DataSource source(Tracking tracking, ObjectProvenance sp, ReproduceOptions options, Path staging,
      Data d) throws IOException {
    List<ConfigurationData> conf = new ArrayList<>(ProvenanceUtil.extractConfiguration(sp));
    if (conf.isEmpty() || !conf.get(0).getClassName().equals(sp.getClassName())) {
      throw new InvalidInputException("dataset", "The recorded data source " + sp.getClassName()
          + " is not a configurable OLCUT object, so it cannot be re-created; load data with CSVLoader or a "
          + "configurable DataSource.");
    }
    Map<String, Provenance> m = fields(sp);
    Optional<Digest> recorded = hashOf(m);
    Optional<Path> recordedPath = pathOf(m);
    Path file = null;
    if (options.data().isPresent()) {
      file = options.data().get();
      d.origin = "override:" + file;
    } else if (recorded.isPresent() && tracking.registry().blobStore().contains(recorded.get())) {
      String name = recordedPath.map(p -> p.getFileName().toString()).orElse("data");
      file = staging.resolve(name);
      try (InputStream in = tracking.registry().blobStore().open(recorded.get())) {
        Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      }
      d.origin = "registry";
    } else if (recordedPath.isPresent()) {
      if (!Files.isRegularFile(recordedPath.get())) {
        throw new NotFoundException("dataset", recorded.map(Digest::toString).orElse(recordedPath.get().toString()),
            "The training data " + recorded.map(Digest::toString).orElse("") + " is not in the registry and its recorded "
                + "path " + recordedPath.get() + " does not exist; register the data set, or pass it with "
                + "ReproduceOptions.withData.");
      }
      file = recordedPath.get();
      d.origin = "recorded-path:" + file;
    }
    if (file != null) {
      d.usedDigest = Optional.of(Digest.sha256(file));
      ConfigurationData root = conf.get(0).copy();
      root.add(recordedPathKey(m).orElse("dataPath"), new SimpleProperty(file.toAbsolutePath().toString()));
      conf.set(0, root);
    }
    ConfigurationManager cm = new ConfigurationManager();
    cm.addConfiguration(conf);
    return (DataSource) cm.lookup(conf.get(0).getName());
  }

  /** The digest of the training data file recorded in a dataset's provenance (its resource hash). */
  static Optional<Digest> dataDigest(DatasetProvenance dp) {
    ObjectProvenance sp = dp.getSourceProvenance();
    Map<String, Provenance> m = fields(sp);
    if (m.get("source") instanceof ObjectProvenance) {
      m = fields((ObjectProvenance) m.get("source"));
    }
    return hashOf(m);
  }

  private static Optional<Path> dataPath(DatasetProvenance dp) {
    ObjectProvenance sp = dp.getSourceProvenance();
    Map<String, Provenance> m = fields(sp);
    if (m.get("source") instanceof ObjectProvenance) {
      m = fields((ObjectProvenance) m.get("source"));
    }
    return pathOf(m);
  }

  private static Optional<Digest> hashOf(Map<String, Provenance> m) {
    for (Provenance p : m.values()) {
      if (p instanceof HashProvenance) {
        HashProvenance h = (HashProvenance) p;
        if (h.getType() == ProvenanceUtil.HashType.SHA256) {
          return Optional.of(new Digest(Digest.SHA256, h.getValue().toLowerCase(Locale.ROOT)));
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<String> recordedPathKey(Map<String, Provenance> m) {
    return m.entrySet().stream().filter(e -> e.getValue() instanceof FileProvenance || e.getValue() instanceof URLProvenance)
        .map(Map.Entry::getKey).findFirst();
  }

  private static Optional<Path> pathOf(Map<String, Provenance> m) {
    for (Provenance p : m.values()) {
      if (p instanceof FileProvenance) {
        return Optional.of(((FileProvenance) p).getValue().toPath());
      }
      if (p instanceof URLProvenance) {
        try {
          return Optional.of(Path.of(((URLProvenance) p).getValue().toURI()));
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  private static Map<String, Provenance> fields(ObjectProvenance p) {
    Map<String, Provenance> m = new HashMap<>();
    for (Pair<String, Provenance> e : p) {
      m.put(e.getA(), e.getB());
    }
    return m;
  }

  private static String clip(String s) {
    String flat = s.replaceAll("\\p{Cntrl}", " ");
    return flat.length() > 1000 ? flat.substring(0, 1000) : flat;
  }

  private static void deleteTree(Path dir) {
    if (dir == null) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          // a temporary file left behind is harmless
        }
      });
    } catch (IOException e) {
      // a temporary directory left behind is harmless
    }
  }
}
