package dev.mlops.monitoring.stream;

import java.util.List;
import java.util.function.Supplier;

/** Every detector with its default configuration, for tests that run over all of them. */
final class Detectors {
  private Detectors() {}

  record Named(String name, boolean binary, Supplier<ChangeDetector> factory) {
    ChangeDetector create() {
      return factory.get();
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static List<Named> all() {
    return List.of(
        new Named("ADWIN", false, () -> new Adwin(AdwinConfig.DEFAULTS)),
        new Named("Page-Hinkley", false, () -> new PageHinkley(PageHinkleyConfig.DEFAULTS)));
  }
}
