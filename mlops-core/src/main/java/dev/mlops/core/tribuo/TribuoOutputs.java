package dev.mlops.core.tribuo;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.model.OutputSpec;
import dev.mlops.core.model.Prediction;
import org.tribuo.Model;
import org.tribuo.Output;

/**
 * Converts between Tribuo's output types and {@link Prediction}. The classification and regression
 * adapters live in their own classes so that Tribuo's classification and regression modules are
 * loaded only when a model of that kind is used.
 */
abstract class TribuoOutputs<T extends Output<T>> {
  static final String LABEL = "org.tribuo.classification.Label";
  static final String REGRESSOR = "org.tribuo.regression.Regressor";

  /** A placeholder output for examples being predicted. */
  abstract T unknown();

  /** The signature's output part. */
  abstract OutputSpec spec(Model<?> model);

  /** Converts one Tribuo prediction. */
  abstract Prediction convert(org.tribuo.Prediction<T> prediction);

  static TribuoOutputs<?> forModel(Model<?> model) {
    var domain = model.getOutputIDInfo().getDomain();
    if (domain.isEmpty()) {
      throw new InvalidInputException("model", "The Tribuo model has an empty output domain; train it on labelled data first.");
    }
    Class<?> outputClass = domain.iterator().next().getClass();
    // Compared by name so that neither module is loaded unless used. The domain may hold a subclass:
    // a regression model's domain holds Regressor.DimensionTuple, one per output dimension.
    for (Class<?> c = outputClass; c != null; c = c.getSuperclass()) {
      switch (c.getName()) {
        case LABEL:
          return new TribuoLabelOutputs();
        case REGRESSOR:
          return new TribuoRegressorOutputs();
        default:
          break;
      }
    }
    throw new InvalidInputException("model", "Tribuo models predicting " + outputClass.getName()
        + " are not supported as tabular predictors yet; register the model as bytes and load it with Tribuo directly.");
  }
}
