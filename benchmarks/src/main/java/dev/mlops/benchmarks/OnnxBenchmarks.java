package dev.mlops.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.mlops.core.model.BatchPrediction;
import dev.mlops.core.model.ModelSignature;
import dev.mlops.core.model.Prediction;
import dev.mlops.core.onnx.OnnxOptions;
import dev.mlops.core.onnx.OnnxPredictor;
import dev.mlops.core.onnx.TribuoOnnx;
import dev.mlops.core.tribuo.TribuoModels;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.ensemble.VotingCombiner;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * ONNX models through our {@link OnnxPredictor} beside the same model through ONNX Runtime's own Java
 * API, in the same run, on the same session options (one intra-op thread) and the same rows.
 *
 * <ul>
 *   <li>{@link #batchPredictor} against {@link #batchOrtApi}: 10,000 rows of 30 features. Ours checks
 *       every row, feeds one float tensor and builds 10,000 {@code Prediction}s (label and score map);
 *       the peer copies the same {@code double[]} rows into a float buffer it allocated once, runs the
 *       session and reads the scores and the arg-max label into arrays. Target: overhead ≤ 10%.</li>
 *   <li>{@link #batchColumnar} against the same peer: the same rows through {@code predictBatch}, which
 *       checks every row (length, finiteness), feeds one float tensor, checks that every score is finite
 *       and keeps ONNX Runtime's float scores with one arg-max label index per row (a columnar {@link
 *       BatchPrediction}, no per-row object).</li>
 *   <li>{@link #batchOrtApiBulk}: the peer written with more care, packing each row through a float scratch
 *       row and one bulk {@code put} instead of a {@code put} per value (the way {@code predictBatch} packs);
 *       otherwise identical to {@link #batchOrtApi}. It shows how much of the comparison is packing
 *       technique rather than the SDK's own work.</li>
 *   <li>{@link #singlePredictor} (a {@code double[]} row), {@link #singlePredictorMap} (a feature map,
 *       as a service receives it) against {@link #singleOrtApi}: one row.</li>
 * </ul>
 *
 * <p>Models ({@code model} parameter): a Tribuo logistic regression (Tribuo's own ONNX export) and a
 * random forest of 25 CART trees of depth ≤ 8 (our TreeEnsembleClassifier export), trained on 2,000
 * synthetic rows from a fixed seed.
 */
@BenchmarkMode(Mode.AverageTime)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class OnnxBenchmarks {
  private static final int FEATURES = 30;
  private static final int BATCH = 10_000;

  @Param({"logistic", "forest"})
  public String model;

  private OnnxPredictor predictor;
  private OrtEnvironment env;
  private OrtSession session;
  private String inputName;
  private List<double[]> rows;
  private double[] row;
  private Map<String, Object> features;
  private List<String> labels;
  private FloatBuffer batchBuffer;
  private FloatBuffer rowBuffer;

  @Setup(Level.Trial)
  public void setUp() throws OrtException {
    SplittableRandom rnd = new SplittableRandom(42L);
    String[] names = new String[FEATURES];
    for (int j = 0; j < FEATURES; j++) {
      names[j] = String.format("f%02d", j);
    }
    LabelFactory factory = new LabelFactory();
    MutableDataset<Label> train = new MutableDataset<>(new SimpleDataSourceProvenance("synthetic", factory), factory);
    for (int i = 0; i < 2000; i++) {
      double[] x = row(rnd);
      double z = x[0] - 0.8 * x[1] + 0.5 * x[2] * x[3] + 0.3 * rnd.nextGaussian();
      train.add(new ArrayExample<>(new Label(z > 0 ? "yes" : "no"), names, x));
    }
    Model<Label> m = model.equals("forest")
        ? new RandomForestTrainer<>(new CARTClassificationTrainer(8, 0.5f, 3L), new VotingCombiner(), 25, 5L).train(train)
        : new LogisticRegressionTrainer().train(train);
    ModelSignature signature = TribuoModels.signatureOf(m);
    labels = signature.output().names();
    byte[] onnx = TribuoOnnx.export(m);
    OnnxOptions options = OnnxOptions.builder().intraOpThreads(1).interOpThreads(1).build();
    predictor = OnnxPredictor.of(onnx, signature, options);
    env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
      so.setIntraOpNumThreads(1);
      so.setInterOpNumThreads(1);
      so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      session = env.createSession(onnx, so);
    }
    inputName = session.getInputNames().iterator().next();
    rows = new ArrayList<>(BATCH);
    for (int i = 0; i < BATCH; i++) {
      rows.add(row(rnd));
    }
    row = rows.get(0);
    features = new LinkedHashMap<>();
    List<String> order = signature.inputs().names();
    for (int j = 0; j < FEATURES; j++) {
      features.put(order.get(j), row[j]);
    }
    batchBuffer = ByteBuffer.allocateDirect(BATCH * FEATURES * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
    rowBuffer = ByteBuffer.allocateDirect(FEATURES * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
  }

  private static double[] row(SplittableRandom rnd) {
    double[] x = new double[FEATURES];
    for (int j = 0; j < FEATURES; j++) {
      x[j] = rnd.nextGaussian();
    }
    return x;
  }

  @TearDown(Level.Trial)
  public void tearDown() throws OrtException {
    predictor.close();
    session.close();
  }

  /** The peer: ONNX Runtime's API by hand, scores and arg-max labels into arrays. */
  private Object ortApi(List<double[]> in, FloatBuffer buffer) throws OrtException {
    buffer.clear();
    for (double[] r : in) {
      for (double v : r) {
        buffer.put((float) v);
      }
    }
    buffer.flip();
    return runAndRead(in.size(), buffer);
  }

  /** Runs the session on the packed rows; the scores into a {@code float[]}, each row's arg-max label into a {@code String[]}. */
  private Object runAndRead(int n, FloatBuffer buffer) throws OrtException {
    try (OnnxTensor t = OnnxTensor.createTensor(env, buffer, new long[] {n, FEATURES});
        OrtSession.Result result = session.run(Map.of(inputName, t))) {
      FloatBuffer scores = ((OnnxTensor) result.get(0)).getFloatBuffer();
      int c = labels.size();
      String[] predicted = new String[n];
      float[] flat = new float[n * c];
      scores.get(flat);
      for (int i = 0; i < predicted.length; i++) {
        int best = 0;
        for (int k = 1; k < c; k++) {
          if (flat[i * c + k] > flat[i * c + best]) {
            best = k;
          }
        }
        predicted[i] = labels.get(best);
      }
      return new Object[] {predicted, flat};
    }
  }

  /** The peer with bulk row puts: the same work as {@link #ortApi}, packed one row at a time. */
  private Object ortApiBulk(List<double[]> in, FloatBuffer buffer) throws OrtException {
    buffer.clear();
    float[] scratch = new float[FEATURES];
    for (double[] r : in) {
      for (int j = 0; j < FEATURES; j++) {
        scratch[j] = (float) r[j];
      }
      buffer.put(scratch);
    }
    buffer.flip();
    return runAndRead(in.size(), buffer);
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public List<Prediction> batchPredictor() {
    return predictor.predictRows(rows);
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public BatchPrediction batchColumnar() {
    return predictor.predictBatch(rows);
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public Object batchOrtApi() throws OrtException {
    return ortApi(rows, batchBuffer);
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public Object batchOrtApiBulk() throws OrtException {
    return ortApiBulk(rows, batchBuffer);
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public Prediction singlePredictor() {
    return predictor.predictRow(row);
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public Prediction singlePredictorMap() {
    return predictor.predict(features);
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public Object singleOrtApi() throws OrtException {
    return ortApi(List.of(row), rowBuffer);
  }
}
