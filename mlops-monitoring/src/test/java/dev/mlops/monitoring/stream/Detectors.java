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
        new Named("Page-Hinkley", false, () -> new PageHinkley(PageHinkleyConfig.DEFAULTS)),
        new Named("KSWIN", false, () -> new Kswin(KswinConfig.DEFAULTS)),
        new Named("CUSUM", false, () -> new Cusum(CusumConfig.DEFAULTS)),
        new Named("DDM", true, () -> new Ddm(DdmConfig.DEFAULTS)),
        new Named("EDDM", true, () -> new Eddm(EddmConfig.DEFAULTS)),
        new Named("HDDM-A", true, () -> new HddmA(HddmAConfig.DEFAULTS)),
        new Named("HDDM-A two-sided", true, () -> new HddmA(HddmAConfig.DEFAULTS.withTwoSided(true))),
        new Named("HDDM-W", true, () -> new HddmW(HddmWConfig.DEFAULTS)),
        new Named("HDDM-W two-sided", true, () -> new HddmW(HddmWConfig.DEFAULTS.withTwoSided(true))));
  }
}
