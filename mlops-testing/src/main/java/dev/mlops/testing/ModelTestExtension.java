package dev.mlops.testing;

import dev.mlops.core.MlopsException;
import dev.mlops.core.model.Predictor;
import dev.mlops.core.model.TabularPredictor;
import dev.mlops.monitoring.frame.Frame;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.testing.assertions.AssertionRecorder;
import dev.mlops.testing.assertions.AssertionResult;
import java.lang.reflect.Parameter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The extension behind {@link ModelTest}. It holds no state: a class's state ({@link SuiteState}: the
 * registry, its temporary directory, the data sets read, the results) lives in the class context's
 * store and is closed when the class ends; a loaded predictor lives in the store of the context it was
 * injected into and is closed when that ends. Thread-safe.
 */
final class ModelTestExtension
    implements ParameterResolver, BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback,
        TestWatcher {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ModelTestExtension.class);
  private static final String STATE = "suite";
  private static final String RECORDING = "recording";
  private static final String RESULTS = "results";
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}:]+)(?::([^}]*))?}");

  @Override
  public void beforeAll(ExtensionContext context) {
    state(context);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    SuiteState state = state(context);
    if (state.ownerId().equals(context.getUniqueId())) {
      state.finish();
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    context.getStore(NAMESPACE).put(RECORDING, AssertionRecorder.start());
  }

  @Override
  public void afterEach(ExtensionContext context) {
    AssertionRecorder.Recording recording = context.getStore(NAMESPACE).remove(RECORDING, AssertionRecorder.Recording.class);
    if (recording != null) {
      recording.close();
      context.getStore(NAMESPACE).put(RESULTS, new RecordedResults(recording.results()));
    }
  }

  @Override
  public void testSuccessful(ExtensionContext context) {
    outcome(context, "PASSED", Optional.empty());
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    outcome(context, "FAILED", Optional.of(String.valueOf(cause.getMessage())));
  }

  @Override
  public void testAborted(ExtensionContext context, Throwable cause) {
    outcome(context, "ABORTED", Optional.ofNullable(cause == null ? null : cause.getMessage()));
  }

  @Override
  public void testDisabled(ExtensionContext context, Optional<String> reason) {
    outcome(context, "DISABLED", reason);
  }

  private void outcome(ExtensionContext context, String status, Optional<String> failure) {
    RecordedResults recorded = context.getStore(NAMESPACE).get(RESULTS, RecordedResults.class);
    List<AssertionResult> results = recorded == null ? List.of() : recorded.results();
    String method = context.getTestMethod().map(m -> m.getDeclaringClass().getName() + "#" + m.getName()).orElse(context.getUniqueId());
    state(context).addTest(new ModelTestReport.TestOutcome(method, context.getDisplayName(), status, failure, results));
  }

  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return parameterContext.isAnnotated(Model.class) || parameterContext.isAnnotated(Dataset.class)
        || parameterContext.getParameter().getType() == ModelRegistry.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    Parameter p = parameterContext.getParameter();
    String where = describe(parameterContext);
    Class<?> type = p.getType();
    SuiteState state = state(extensionContext);
    Optional<Model> model = parameterContext.findAnnotation(Model.class);
    Optional<Dataset> dataset = parameterContext.findAnnotation(Dataset.class);
    if (model.isPresent() && dataset.isPresent()) {
      throw new ParameterResolutionException(where + " carries both @Model and @Dataset; keep one.");
    }
    try {
      if (model.isPresent()) {
        String ref = substitute(model.get().value(), extensionContext::getConfigurationParameter)
            .orElseThrow(() -> new ParameterResolutionException(where + ": @Model(\"" + model.get().value()
                + "\") names a configuration parameter that is not set; run the suite through ModelTestGate, or pass "
                + "-D" + ModelTest.CANDIDATE_PROPERTY + "=name/version (or the parameter named), or give a default as "
                + "${parameter:name@alias}."));
        return resolveModel(ref, type, where, state, extensionContext);
      }
      if (dataset.isPresent()) {
        return resolveDataset(dataset.get(), type, where, state, extensionContext);
      }
      return state.registry();
    } catch (MlopsException e) {
      throw new ParameterResolutionException(where + ": " + e.getMessage(), e);
    }
  }

  private static Object resolveModel(String ref, Class<?> type, String where, SuiteState state, ExtensionContext context) {
    boolean predictor = type == Predictor.class || type == TabularPredictor.class;
    if (!predictor && type != ModelVersion.class) {
      throw new ParameterResolutionException(where + " is annotated @Model(\"" + ref + "\") but has type "
          + type.getName() + "; declare it as Predictor, TabularPredictor or ModelVersion.");
    }
    ModelVersion version = state.resolveVersion(ref, where);
    if (!predictor) {
      return version;
    }
    TabularPredictor loaded = state.registry().load(version.id().toString());
    context.getStore(NAMESPACE).put(new Object(), new ClosingPredictor(loaded));
    return loaded;
  }

  private static Object resolveDataset(Dataset annotation, Class<?> type, String where, SuiteState state,
      ExtensionContext context) {
    if (type == Frame.class) {
      return state.frame(annotation, where, context.getRequiredTestClass());
    }
    if (type == org.tribuo.Dataset.class) {
      DatasetReader.Loaded loaded = state.loaded(annotation, where, context.getRequiredTestClass());
      try {
        return TribuoDatasets.toTribuo(loaded, where);
      } catch (NoClassDefFoundError e) {
        throw new ParameterResolutionException(where + ": a Tribuo Dataset needs "
            + (loaded.regression() ? "org.tribuo:tribuo-regression-core" : "org.tribuo:tribuo-classification-core")
            + " on the test class path; add it as a test dependency, or take a Frame.", e);
      }
    }
    throw new ParameterResolutionException(where + " is annotated @Dataset(\"" + annotation.value()
        + "\") but has type " + type.getName() + "; declare it as dev.mlops.monitoring.frame.Frame or org.tribuo.Dataset.");
  }

  private static String describe(ParameterContext pc) {
    var exe = pc.getDeclaringExecutable();
    String owner = exe.getDeclaringClass().getSimpleName();
    String method = exe instanceof java.lang.reflect.Constructor<?> ? owner + " constructor" : owner + "." + exe.getName() + "()";
    return "parameter '" + pc.getParameter().getName() + "' (#" + pc.getIndex() + ") of " + method;
  }

  /** The class-level state, created on first use by the outermost {@code @ModelTest} class context. */
  private static SuiteState state(ExtensionContext context) {
    ExtensionContext classContext = context;
    while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
      classContext = classContext.getParent().get();
    }
    ExtensionContext owner = classContext;
    return owner.getStore(NAMESPACE).getOrComputeIfAbsent(STATE, k -> new SuiteState(owner.getUniqueId(),
        owner.getRequiredTestClass(), settings(owner)), SuiteState.class);
  }

  private static SuiteState.Settings settings(ExtensionContext classContext) {
    Class<?> testClass = classContext.getRequiredTestClass();
    ModelTest annotation = findModelTest(testClass);
    Optional<GateSession> gate = GateSession.find(classContext.getConfigurationParameter(GateSession.PARAMETER));
    String registry = annotation == null ? "" : annotation.registry();
    if (registry.isEmpty()) {
      // JUnit's configuration parameters fall back to system properties.
      registry = classContext.getConfigurationParameter(ModelTest.REGISTRY_PROPERTY).orElse("");
    }
    String reports = annotation == null ? "" : annotation.reportDirectory();
    if (reports.isEmpty()) {
      reports = classContext.getConfigurationParameter(ModelTest.REPORT_DIRECTORY_PROPERTY).orElse("");
    }
    Path reportDirectory = gate.map(GateSession::reportDirectory)
        .orElse(reports.isEmpty() ? Path.of("target", "model-tests") : Path.of(reports));
    String suite = annotation == null || annotation.suite().isEmpty() ? testClass.getSimpleName() : annotation.suite();
    List<String> evidenceFor = new ArrayList<>();
    for (String ref : annotation == null ? new String[0] : annotation.attachEvidenceTo()) {
      // An unset parameter stays as written, and attaching to it fails naming it.
      evidenceFor.add(substitute(ref, classContext::getConfigurationParameter).orElse(ref));
    }
    return new SuiteState.Settings(registry, reportDirectory, suite, evidenceFor, gate);
  }

  /**
   * Replaces each {@code ${parameter}} or {@code ${parameter:default}} in a reference with the JUnit
   * configuration parameter (which falls back to the system property) or the default.
   *
   * @return the reference, or empty if a parameter is unset and has no default
   */
  static Optional<String> substitute(String ref, Function<String, Optional<String>> configuration) {
    Matcher m = PLACEHOLDER.matcher(ref);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      Optional<String> value = configuration.apply(m.group(1)).filter(v -> !v.isBlank())
          .or(() -> Optional.ofNullable(m.group(2)));
      if (value.isEmpty()) {
        return Optional.empty();
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value.get().strip()));
    }
    m.appendTail(out);
    return Optional.of(out.toString());
  }

  /** The {@code @ModelTest} of a class, its enclosing classes, or an annotation on them; null if none. */
  static ModelTest findModelTest(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
      ModelTest direct = c.getAnnotation(ModelTest.class);
      if (direct != null) {
        return direct;
      }
      for (var a : c.getAnnotations()) {
        ModelTest meta = a.annotationType().getAnnotation(ModelTest.class);
        if (meta != null) {
          return meta;
        }
      }
    }
    return null;
  }

  /** The results of one test method, kept until its outcome is known. */
  private record RecordedResults(List<AssertionResult> results) {}

  /** Closes a predictor when the scope it was injected into ends. */
  private record ClosingPredictor(TabularPredictor predictor) implements AutoCloseable {
    @Override
    public void close() {
      predictor.close();
    }
  }
}
