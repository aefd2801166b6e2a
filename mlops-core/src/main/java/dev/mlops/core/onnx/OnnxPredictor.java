package dev.mlops.core.onnx;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxMap;
import ai.onnxruntime.OnnxSequence;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.mlops.core.IntegrityException;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import dev.mlops.core.internal.BatchAccess;
import dev.mlops.core.model.BatchPrediction;
import dev.mlops.core.model.ModelSignature;
import dev.mlops.core.model.OutputKind;
import dev.mlops.core.model.Prediction;
import dev.mlops.core.model.Schema;
import dev.mlops.core.model.ScoreNames;
import dev.mlops.core.model.TabularPredictor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link TabularPredictor} over an ONNX model, run by ONNX Runtime: tabular models with named
 * inputs, classification (labels and scores) and regression outputs. Every input is checked against
 * the {@link ModelSignature} before ONNX Runtime sees it; a batch ({@link #predictRows(List)},
 * {@link #predictAll(List)}) is fed to ONNX Runtime as one tensor, in one call.
 *
 * <p><b>Graph and signature.</b> The graph takes either one matrix {@code [rows, features]} whose
 * columns are the signature's features in order (what Tribuo's and skl2onnx's exports produce), or one
 * input per feature named like it ({@code [rows]} or {@code [rows, 1]}); float, double, int64 or int32.
 * A classifier gives a scores tensor {@code [rows, labels]} whose columns are the signature's labels in
 * order, or a sequence of maps label to score (skl2onnx's ZipMap), and/or a label tensor; the label is
 * the label output if there is one, else the highest score. A regressor gives a tensor {@code [rows]} or
 * {@code [rows, dimensions]}. The graph is checked against the signature when the session is created:
 * a mismatch never waits for the first request. ONNX Runtime computes in the graph's types, usually
 * float: expect scores within about 1e-6 of a double-precision original.
 *
 * <pre>{@code
 * ModelSignature sig = new ModelSignature(Schema.numeric(List.of("sepal_length", "sepal_width", "petal_length", "petal_width")),
 *     OutputSpec.classification(List.of("setosa", "versicolor", "virginica")));
 * try (OnnxPredictor p = OnnxPredictor.load(Path.of("iris.onnx"), sig, OnnxOptions.defaults())) {
 *   Prediction out = p.predict(Map.of("sepal_length", 5.1, "sepal_width", 3.5, "petal_length", 1.4, "petal_width", 0.2));
 * }
 * }</pre>
 *
 * <p><b>Native resources.</b> Each predictor owns one ONNX Runtime session (native memory). {@link #close()}
 * releases it once the predictions in flight have finished; a prediction started after {@code close}
 * raises {@link IllegalStateException}. Registries close the predictors they replace (see
 * {@code ModelHandle}); {@link #openSessions()} counts the sessions open in this JVM.
 *
 * <p>Instances are thread-safe: ONNX Runtime sessions run concurrent requests.
 */
public final class OnnxPredictor implements TabularPredictor {
  /** How a failure to build the predictor is reported. */
  enum Failure {
    /** At registration or from a caller's file: the input is not acceptable. */
    INPUT,
    /** At load: verified bytes that do not make the recorded model. */
    INTEGRITY
  }

  private static final AtomicInteger OPEN = new AtomicInteger();
  /** Builds float batches over the arrays read here, which nothing else holds: no defensive copy. */
  private static final BatchAccess.Adopter ADOPT = BatchAccess.adopter();
  private static final int CLOSED = 1 << 30;

  private final OrtSession session;
  private final ModelSignature signature;
  private final OnnxPlan plan;
  private final String subject;
  private final String[] labels;
  private final ScoreNames names;
  private final Map<String, Integer> labelIndex;
  private final int features;
  /** In-flight predictions, plus {@link #CLOSED} once closed. */
  private final AtomicInteger state = new AtomicInteger();
  private final AtomicBoolean released = new AtomicBoolean();

  private OnnxPredictor(OrtSession session, ModelSignature signature, OnnxPlan plan, String subject) {
    this.session = session;
    this.signature = signature;
    this.plan = plan;
    this.subject = subject;
    this.labels = signature.output().names().toArray(new String[0]);
    this.names = ScoreNames.of(signature.output().names());
    Map<String, Integer> idx = new HashMap<>();
    for (int i = 0; i < labels.length; i++) {
      idx.put(labels[i], i);
    }
    this.labelIndex = Map.copyOf(idx);
    this.features = signature.inputs().size();
  }

  /**
   * Loads an ONNX model file and checks its graph against a signature.
   *
   * @param file the {@code .onnx} file
   * @param signature the features in the graph's column order and the output
   * @param options the session options
   * @return the predictor; close it to release its session
   * @throws InvalidInputException if the file is not an ONNX model ONNX Runtime can load, or its graph
   *     does not match the signature
   * @throws UncheckedIOException if the file cannot be read
   */
  public static OnnxPredictor load(Path file, ModelSignature signature, OnnxOptions options) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + file, e);
    }
    return of(bytes, signature, options);
  }

  /**
   * Creates a predictor from the bytes of an ONNX model and checks its graph against a signature.
   *
   * @param model the ONNX model's bytes (a serialized {@code ModelProto})
   * @param signature the features in the graph's column order and the output
   * @param options the session options
   * @return the predictor; close it to release its session
   * @throws InvalidInputException if the bytes are not an ONNX model ONNX Runtime can load, or its graph
   *     does not match the signature
   */
  public static OnnxPredictor of(byte[] model, ModelSignature signature, OnnxOptions options) {
    Objects.requireNonNull(model, "model");
    OnnxRuntimeCheck.require("the model");
    return create(model, signature, options, "the ONNX model", Failure.INPUT);
  }

  static OnnxPredictor create(byte[] model, ModelSignature signature, OnnxOptions options, String subject, Failure failure) {
    Objects.requireNonNull(signature, "signature");
    Objects.requireNonNull(options, "options");
    OrtSession session;
    try (OrtSession.SessionOptions so = sessionOptions(options)) {
      session = environment().createSession(model, so);
    } catch (OrtException | RuntimeException e) {
      throw fail(failure, subject, "file", "an ONNX model", "bytes ONNX Runtime cannot load",
          "The artifact of " + subject + " is not an ONNX model ONNX Runtime can load (" + e.getMessage()
              + "). Check the export step, and that the file was registered whole.", e);
    }
    OPEN.incrementAndGet();
    try {
      OnnxPlan plan = OnnxPlan.of(session.getInputInfo(), session.getOutputInfo(), signature);
      OnnxPredictor p = new OnnxPredictor(session, signature, plan, subject);
      if (plan.labels != OnnxPlan.Labels.NONE || plan.scores == OnnxPlan.Scores.MAPS) {
        probeLabels(p);
      }
      return p;
    } catch (OnnxPlan.Mismatch m) {
      closeSession(session);  // a probed predictor holds the session too: it is never returned
      throw fail(failure, subject, m.field, "a graph matching the signature", "a different graph",
          "The ONNX graph of " + subject + " does not match its signature: " + m.getMessage(), null);
    } catch (OrtException | RuntimeException e) {
      closeSession(session);
      throw fail(failure, subject, "file", "readable graph inputs and outputs", e.getClass().getSimpleName(),
          "Could not read the inputs and outputs of " + subject + "'s ONNX graph: " + e.getMessage(), e);
    }
  }

  /**
   * Label values are not part of a graph's types: one prediction on a row of zeros shows whether the
   * graph names labels the signature does not list. Other failures of that row prove nothing (a model
   * may not accept zeros) and are ignored.
   */
  private static void probeLabels(OnnxPredictor p) throws OnnxPlan.Mismatch {
    try {
      p.predictRow(new double[p.features]);
    } catch (UnknownLabel e) {
      throw new OnnxPlan.Mismatch("signature", e.getMessage());
    } catch (RuntimeException ignored) {
      // not a label problem
    }
  }

  /** A label output or score map names a label the signature does not list. */
  private static final class UnknownLabel extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    UnknownLabel(String message) {
      super(message);
    }
  }

  private static MlopsException fail(Failure failure, String subject, String field, String expected, String actual,
      String message, Throwable cause) {
    if (failure == Failure.INPUT) {
      InvalidInputException e = new InvalidInputException(field, message);
      if (cause != null) {
        e.initCause(cause);
      }
      return e;
    }
    return cause == null ? new IntegrityException(subject, expected, actual, message)
        : new IntegrityException(subject, expected, actual, message, cause);
  }

  private static OrtSession.SessionOptions sessionOptions(OnnxOptions options) throws OrtException {
    OrtSession.SessionOptions so = new OrtSession.SessionOptions();
    try {
      if (options.intraOpThreads() > 0) {
        so.setIntraOpNumThreads(options.intraOpThreads());
      }
      if (options.interOpThreads() > 0) {
        so.setInterOpNumThreads(options.interOpThreads());
      }
      so.setOptimizationLevel(switch (options.optimization()) {
        case NONE -> OrtSession.SessionOptions.OptLevel.NO_OPT;
        case BASIC -> OrtSession.SessionOptions.OptLevel.BASIC_OPT;
        case EXTENDED -> OrtSession.SessionOptions.OptLevel.EXTENDED_OPT;
        case ALL -> OrtSession.SessionOptions.OptLevel.ALL_OPT;
      });
      return so;
    } catch (OrtException | RuntimeException e) {
      so.close();
      throw e;
    }
  }

  private static OrtEnvironment environment() {
    return OrtEnvironment.getEnvironment();
  }

  /**
   * Returns how many ONNX Runtime sessions predictors of this class hold open in this JVM: a
   * diagnostic for leaks (each session holds the model's native memory).
   *
   * @return the number of sessions created and not yet closed
   */
  public static int openSessions() {
    return OPEN.get();
  }

  @Override
  public ModelSignature signature() {
    return signature;
  }

  @Override
  public Schema schema() {
    return signature.inputs();
  }

  /**
   * Returns the names of the graph's inputs this predictor feeds.
   *
   * @return one matrix input, or one input per feature in signature order
   */
  public List<String> graphInputs() {
    return List.of(plan.inputNames);
  }

  @Override
  public Prediction predictRow(double[] row) {
    return run(List.of(signature.inputs().checkRow(row))).get(0);
  }

  @Override
  public List<Prediction> predictRows(List<double[]> rows) {
    for (double[] row : rows) {
      signature.inputs().checkRow(row);
    }
    return rows.isEmpty() ? List.of() : run(rows);
  }

  @Override
  public List<Prediction> predictAll(List<? extends Map<String, ?>> inputs) {
    List<double[]> rows = new ArrayList<>(inputs.size());
    for (Map<String, ?> in : inputs) {
      rows.add(signature.inputs().toRow(in));
    }
    return rows.isEmpty() ? List.of() : run(rows);
  }

  /**
   * Predicts a batch in one ONNX Runtime call, fed one tensor (or one per feature), and wraps the
   * graph's score or value tensor as it comes: kept in float when the graph computes in float, with one
   * label index per row and no per-row object. Graphs whose scores are a sequence of maps (ZipMap) or
   * that give labels only are read as in {@link #predictRows(List)}. A NaN or infinite output is an
   * {@link IllegalStateException}, as there.
   *
   * @param rows the rows, each in schema order
   * @return the batch
   * @throws InvalidInputException if a row does not match the schema
   * @throws IllegalStateException if the predictor is closed, or the model fails or outputs NaN or an
   *     infinite value
   */
  @Override
  public BatchPrediction predictBatch(List<double[]> rows) {
    if (!takesFloatMatrix()) {
      for (double[] row : rows) {
        signature.inputs().checkRow(row);
      }
    }  // else each row is checked while the tensor is filled
    boolean dense = plan.kind == OutputKind.REGRESSION
        || plan.scores == OnnxPlan.Scores.FLOAT || plan.scores == OnnxPlan.Scores.DOUBLE;
    if (rows.isEmpty() || !dense) {
      return BatchPrediction.of(signature.output(), rows.isEmpty() ? List.of() : run(rows));
    }
    return run(rows, this::readBatch);
  }

  /** Whether the graph takes one float matrix, filled (and its rows checked) by {@link #floatMatrix(OrtEnvironment, List)}. */
  private boolean takesFloatMatrix() {
    return plan.matrix && plan.inputTypes[0] == OnnxJavaType.FLOAT;
  }

  private interface Reader<T> {
    T read(OrtSession.Result result, int n) throws OrtException;
  }

  private List<Prediction> run(List<double[]> rows) {
    return run(rows, this::read);
  }

  private <T> T run(List<double[]> rows, Reader<T> reader) {
    acquire();
    try {
      Map<String, OnnxTensor> feed = feed(rows);
      try (OrtSession.Result result = session.run(feed, plan.requested)) {
        return reader.read(result, rows.size());
      } finally {
        feed.values().forEach(OnnxTensor::close);
      }
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed to run " + subject + ": " + e.getMessage(), e);
    } finally {
      release();
    }
  }

  private Map<String, OnnxTensor> feed(List<double[]> rows) throws OrtException {
    int n = rows.size();
    OrtEnvironment env = environment();
    if (takesFloatMatrix()) {
      return Map.of(plan.inputNames[0], floatMatrix(env, rows));
    }
    if (plan.matrix) {
      long[] shape = {n, features};
      return Map.of(plan.inputNames[0], tensor(env, 0, plan.inputTypes[0], shape, n * features, (buf, type) -> {
        for (double[] row : rows) {
          put(buf, type, row);
        }
      }));
    }
    Map<String, OnnxTensor> feed = new HashMap<>();
    try {
      for (int j = 0; j < features; j++) {
        int col = j;
        long[] shape = plan.inputRank2[j] ? new long[] {n, 1} : new long[] {n};
        feed.put(plan.inputNames[j], tensor(env, j, plan.inputTypes[j], shape, n, (buf, type) -> {
          for (double[] row : rows) {
            put(buf, type, row[col]);
          }
        }));
      }
      return feed;
    } catch (OrtException | RuntimeException e) {
      feed.values().forEach(OnnxTensor::close);
      throw e;
    }
  }

  /**
   * The float matrix most graphs take, filled in one pass over the rows: each row's length is checked and
   * its values converted through a float scratch row, with the finiteness check fused into the conversion,
   * then bulk-put into the pooled direct buffer (a put per value costs more than the conversion; chunks of
   * many rows per put measured no faster). A bad row is reported by {@link Schema#checkRow(double[])}
   * (naming the feature) before ONNX Runtime runs, and it is the first bad row, as a check of every row
   * before the call would report.
   */
  private OnnxTensor floatMatrix(OrtEnvironment env, List<double[]> rows) throws OrtException {
    int n = rows.size();
    int m = features;
    FloatBuffer fb = buffer(0, n * m * 4).asFloatBuffer();
    float[] scratch = new float[m];
    boolean finite = true;
    int i = 0;
    for (double[] row : rows) {
      if (row == null || row.length != m) {
        checkRows(rows, i + 1);  // throws for the first bad row up to this one
      }
      for (int j = 0; j < m; j++) {
        double v = row[j];
        finite &= Double.isFinite(v);
        scratch[j] = (float) v;
      }
      fb.put(scratch);
      i++;
    }
    if (!finite) {
      checkRows(rows, n);
    }
    fb.rewind();
    return OnnxTensor.createTensor(env, fb, new long[] {n, m});
  }

  private void checkRows(List<double[]> rows, int upTo) {
    for (double[] row : rows.subList(0, upTo)) {
      signature.inputs().checkRow(row);
    }
  }

  private interface Filler {
    void fill(ByteBuffer buf, OnnxJavaType type);
  }

  private static OnnxTensor tensor(OrtEnvironment env, int slot, OnnxJavaType type, long[] shape, int count, Filler filler)
      throws OrtException {
    int width = type == OnnxJavaType.FLOAT || type == OnnxJavaType.INT32 ? 4 : 8;
    ByteBuffer buf = buffer(slot, count * width);
    filler.fill(buf, type);
    buf.rewind();
    switch (type) {
      case FLOAT:
        return OnnxTensor.createTensor(env, buf.asFloatBuffer(), shape);
      case DOUBLE:
        return OnnxTensor.createTensor(env, buf.asDoubleBuffer(), shape);
      case INT64:
        return OnnxTensor.createTensor(env, buf.asLongBuffer(), shape);
      default:
        return OnnxTensor.createTensor(env, buf.asIntBuffer(), shape);
    }
  }

  /**
   * A direct buffer for one input tensor. Buffers up to {@value #POOLED_BYTES} bytes are reused per
   * thread and input slot (a call closes its tensors before its thread builds the next ones), so
   * steady traffic allocates no native memory per call; larger batches get buffers of their own.
   */
  private static ByteBuffer buffer(int slot, int bytes) {
    if (bytes > POOLED_BYTES) {
      return ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
    }
    List<ByteBuffer> pool = POOL.get();
    while (pool.size() <= slot) {
      pool.add(null);
    }
    ByteBuffer b = pool.get(slot);
    if (b == null || b.capacity() < bytes) {
      b = ByteBuffer.allocateDirect(Math.max(bytes, Math.min(POOLED_BYTES, b == null ? 256 : 2 * b.capacity())))
          .order(ByteOrder.nativeOrder());
      pool.set(slot, b);
    }
    b.clear().limit(bytes);
    return b;
  }

  private static final int POOLED_BYTES = 4 << 20;
  private static final ThreadLocal<List<ByteBuffer>> POOL = ThreadLocal.withInitial(ArrayList::new);

  private static void put(ByteBuffer buf, OnnxJavaType type, double[] row) {
    switch (type) {
      case FLOAT:
        for (double v : row) {
          buf.putFloat((float) v);
        }
        break;
      case DOUBLE:
        for (double v : row) {
          buf.putDouble(v);
        }
        break;
      default:
        for (double v : row) {
          put(buf, type, v);
        }
    }
  }

  private static void put(ByteBuffer buf, OnnxJavaType type, double v) {
    switch (type) {
      case FLOAT -> buf.putFloat((float) v);
      case DOUBLE -> buf.putDouble(v);
      case INT64 -> buf.putLong((long) v);
      default -> buf.putInt((int) v);
    }
  }

  private List<Prediction> read(OrtSession.Result result, int n) throws OrtException {
    if (plan.kind == OutputKind.REGRESSION) {
      double[] values = numbers(result.get(plan.scoresName).orElseThrow(), n * plan.width);
      requireFinite(values);
      return Collections.unmodifiableList(Prediction.regressions(names, values, n));
    }
    String[] predicted = plan.labels == OnnxPlan.Labels.NONE ? null : labels(result.get(plan.labelName).orElseThrow(), n);
    if (plan.scores == OnnxPlan.Scores.FLOAT || plan.scores == OnnxPlan.Scores.DOUBLE) {
      double[] scores = numbers(result.get(plan.scoresName).orElseThrow(), n * plan.width);
      requireFinite(scores);
      int[] best = new int[n];
      for (int i = 0; i < n; i++) {
        best[i] = predicted != null ? labelIndex.get(predicted[i]) : argmax(scores, null, i);
      }
      return Collections.unmodifiableList(Prediction.classifications(names, scores, best));
    }
    List<Map<String, Double>> maps = plan.scores == OnnxPlan.Scores.MAPS
        ? zipMaps(result.get(plan.scoresName).orElseThrow(), n) : null;
    List<Prediction> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Map<String, Double> s = maps != null ? maps.get(i) : Map.of();
      String label = predicted != null ? predicted[i] : labels[argmax(null, maps, i)];
      out.add(new Prediction.Classification(label, s));
    }
    return out;
  }

  /**
   * Reads a dense output into a batch. Float scores are copied out of ONNX Runtime once, into an array
   * this call owns and hands to the batch, and checked (no NaN, no infinity) in the same pass that finds
   * each row's arg-max.
   */
  private BatchPrediction readBatch(OrtSession.Result result, int n) throws OrtException {
    OnnxTensor t = (OnnxTensor) result.get(plan.scoresName).orElseThrow();
    int count = n * plan.width;
    boolean floats = t.getInfo().type == OnnxJavaType.FLOAT;
    float[] f = floats ? floats(t, count) : null;
    double[] d = floats ? null : numbers(t, count);
    if (plan.kind == OutputKind.REGRESSION) {
      if (floats) {
        requireFinite(f);
        return ADOPT.regressions(names, f, n);
      }
      requireFinite(d);
      return BatchPrediction.regressions(names, d, n);
    }
    int[] best;
    if (plan.labels != OnnxPlan.Labels.NONE) {
      String[] predicted = labels(result.get(plan.labelName).orElseThrow(), n);
      best = new int[n];
      for (int i = 0; i < n; i++) {
        best[i] = labelIndex.get(predicted[i]);
      }
      if (floats) {
        requireFinite(f);
      } else {
        requireFinite(d);
      }
    } else {
      best = floats ? argmaxFinite(f, n) : argmaxFinite(d, n);
    }
    // f and best are this call's own arrays (see floats(...)), handed over without a copy
    return floats ? ADOPT.classifications(names, f, best) : BatchPrediction.classifications(names, d, best);
  }

  /**
   * The tensor's floats in a heap array of their own. {@link OnnxTensor#getFloatBuffer()} already copies
   * the native output into a new heap buffer; its array is taken as it is when it is exactly the values
   * (no second copy), else copied out.
   */
  private float[] floats(OnnxTensor t, int count) {
    FloatBuffer fb = t.getFloatBuffer();
    requireCount(fb.remaining(), count);
    if (fb.hasArray() && !fb.isReadOnly() && fb.arrayOffset() == 0 && fb.position() == 0 && fb.array().length == count) {
      return fb.array();
    }
    float[] out = new float[count];
    fb.get(out);
    return out;
  }

  /** Each row's arg-max (the first of equal maxima), checking in the same pass that every score is finite. */
  private int[] argmaxFinite(float[] scores, int n) {
    int w = labels.length;
    int[] best = new int[n];
    boolean finite = true;
    for (int i = 0, o = 0; i < n; i++, o += w) {
      float top = scores[o];
      finite &= Math.abs(top) <= Float.MAX_VALUE;
      int b = 0;
      for (int k = 1; k < w; k++) {
        float v = scores[o + k];
        finite &= Math.abs(v) <= Float.MAX_VALUE;
        if (v > top) {
          top = v;
          b = k;
        }
      }
      best[i] = b;
    }
    if (!finite) {
      requireFinite(scores);
    }
    return best;
  }

  /** The double-output graphs' arg-max (rare: a check pass, then the arg-max pass of {@link #read}). */
  private int[] argmaxFinite(double[] scores, int n) {
    requireFinite(scores);
    int[] best = new int[n];
    for (int i = 0; i < n; i++) {
      best[i] = argmax(scores, null, i);
    }
    return best;
  }

  /**
   * Dense scores or values must be finite numbers: a NaN or an infinity is the model's failure (an
   * overflow in the graph, a division by zero), never a silent prediction.
   */
  private void requireFinite(double[] values) {
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw notFinite(i, values[i]);
      }
    }
  }

  private void requireFinite(float[] values) {
    for (int i = 0; i < values.length; i++) {
      if (!Float.isFinite(values[i])) {
        throw notFinite(i, values[i]);
      }
    }
  }

  private IllegalStateException notFinite(int i, double value) {
    return notFinite(labels[i % labels.length], value);
  }

  private IllegalStateException notFinite(String label, double value) {
    return new IllegalStateException(subject + " produced " + (Double.isNaN(value) ? "NaN" : "an infinite value")
        + " for '" + label + "'; the model is not usable on this input.");
  }

  private int argmax(double[] scores, List<Map<String, Double>> maps, int i) {
    int best = 0;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < labels.length; k++) {
      double v = scores != null ? scores[i * labels.length + k] : maps.get(i).getOrDefault(labels[k], Double.NEGATIVE_INFINITY);
      if (v > bestScore) {
        bestScore = v;
        best = k;
      }
    }
    return best;
  }

  private double[] numbers(OnnxValue value, int count) {
    OnnxTensor t = (OnnxTensor) value;
    double[] out = new double[count];
    if (t.getInfo().type == OnnxJavaType.FLOAT) {
      FloatBuffer fb = t.getFloatBuffer();
      requireCount(fb.remaining(), count);
      for (int i = 0; i < count; i++) {
        out[i] = fb.get(i);  // a heap copy of the tensor, read once; no per-element native access
      }
    } else {
      DoubleBuffer db = t.getDoubleBuffer();
      requireCount(db.remaining(), count);
      db.get(out);
    }
    return out;
  }

  private void requireCount(int got, int expected) {
    if (got != expected) {
      throw new IllegalStateException(subject + " returned " + got + " values where " + expected
          + " were expected (rows x outputs); its graph does not produce one output row per input row.");
    }
  }

  private String[] labels(OnnxValue value, int n) throws OrtException {
    OnnxTensor t = (OnnxTensor) value;
    String[] out = new String[n];
    if (plan.labels == OnnxPlan.Labels.INT64) {
      LongBuffer lb = t.getLongBuffer();
      requireCount(lb.remaining(), n);
      for (int i = 0; i < n; i++) {
        out[i] = known(Long.toString(lb.get(i)));
      }
    } else {
      Object v = t.getValue();
      Object[] flat = v instanceof String[][] m ? flatten(m) : (Object[]) v;
      requireCount(flat.length, n);
      for (int i = 0; i < n; i++) {
        out[i] = known((String) flat[i]);
      }
    }
    return out;
  }

  private static Object[] flatten(String[][] m) {
    Object[] out = new Object[m.length];
    for (int i = 0; i < m.length; i++) {
      out[i] = m[i][0];
    }
    return out;
  }

  private String known(String label) {
    if (!labelIndex.containsKey(label)) {
      throw new UnknownLabel(subject + " predicted the label '" + label + "', which its signature does not list "
          + List.of(labels) + "; register it with the labels its graph produces.");
    }
    return label;
  }

  private List<Map<String, Double>> zipMaps(OnnxValue value, int n) throws OrtException {
    List<? extends OnnxValue> seq = ((OnnxSequence) value).getValue();
    requireCount(seq.size(), n);
    List<Map<String, Double>> out = new ArrayList<>(n);
    for (OnnxValue v : seq) {
      Map<String, Double> m = new HashMap<>();
      for (Map.Entry<?, ?> e : ((OnnxMap) v).getValue().entrySet()) {
        String label = known(e.getKey().toString());
        double score = ((Number) e.getValue()).doubleValue();
        if (!Double.isFinite(score)) {
          throw notFinite(label, score);
        }
        m.put(label, score);
      }
      out.add(Map.copyOf(m));
    }
    return out;
  }

  private void acquire() {
    while (true) {
      int s = state.get();
      if (s >= CLOSED) {
        throw new IllegalStateException(subject + "'s predictor is closed; load the version again.");
      }
      if (state.compareAndSet(s, s + 1)) {
        return;
      }
    }
  }

  private void release() {
    if (state.decrementAndGet() == CLOSED) {
      releaseSession();
    }
  }

  /** Closes the session once the predictions in flight have finished; idempotent. */
  @Override
  public void close() {
    int before;
    do {
      before = state.get();
      if (before >= CLOSED) {
        return;
      }
    } while (!state.compareAndSet(before, before + CLOSED));
    if (before == 0) {
      releaseSession();
    }
  }

  private void releaseSession() {
    if (released.compareAndSet(false, true)) {
      closeSession(session);
    }
  }

  private static void closeSession(OrtSession session) {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("could not close an ONNX Runtime session: " + e.getMessage(), e);
    } finally {
      OPEN.decrementAndGet();
    }
  }

  /**
   * Tells whether {@link #close()} was called.
   *
   * @return whether closed
   */
  public boolean isClosed() {
    return state.get() >= CLOSED;
  }

  @Override
  public String toString() {
    return "OnnxPredictor[" + subject + ", " + features + " features, " + (plan.matrix ? "matrix input" : "per-feature inputs")
        + ", " + plan.kind.id() + (isClosed() ? ", closed" : "") + "]";
  }
}
