package dev.mlops.monitoring.stream;

import dev.mlops.core.InvalidInputException;

/** Checks of detector inputs, shared by every detector. */
final class Inputs {
  private Inputs() {}

  static InvalidInputException notFinite(double value) {
    return new InvalidInputException("value", "a change detector reads finite numbers; got "
        + (Double.isNaN(value) ? "NaN" : "an infinity")
        + ": filter or impute missing values before the detector");
  }

  static InvalidInputException notBinary(String detector) {
    return new InvalidInputException("value", detector
        + " reads a stream of bits: 1 (or true) for an error, 0 (or false) for a success;"
        + " map the outcome to 0/1 or use a detector for real values (ADWIN, Page-Hinkley, KSWIN, CUSUM)");
  }
}
