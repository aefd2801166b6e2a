package dev.mlops.testing.kit;

import dev.mlops.core.artifact.ArtifactFormat;
import dev.mlops.core.model.ModelSignature;
import dev.mlops.core.model.Prediction;
import dev.mlops.core.model.PredictorLoader;
import dev.mlops.core.model.TabularPredictor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A predictor loader for the test-only format {@value #FORMAT}: it serves the good cancer model and
 * counts the predictors it hands out that are not closed yet, so a test can see when the
 * {@code @ModelTest} extension closes them. Thread-safe.
 */
public final class CountingLoader implements PredictorLoader {
  static final String FORMAT = "kit-counting";
  static final AtomicInteger LOADED = new AtomicInteger();
  static final AtomicInteger OPEN = new AtomicInteger();

  @Override
  public boolean supports(ArtifactFormat format) {
    return format.id().equals(FORMAT);
  }

  @Override
  public TabularPredictor load(Source source) {
    TabularPredictor inner = CancerData.get().good();
    LOADED.incrementAndGet();
    OPEN.incrementAndGet();
    return new TabularPredictor() {
      private final AtomicInteger closed = new AtomicInteger();

      @Override
      public Prediction predictRow(double[] row) {
        return inner.predictRow(row);
      }

      @Override
      public ModelSignature signature() {
        return inner.signature();
      }

      @Override
      public void close() {
        if (closed.getAndIncrement() == 0) {
          OPEN.decrementAndGet();
        }
      }
    };
  }
}
