package dev.mlops.monitoring.frame;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Growable primitive storage for one column while a frame is read. Not thread-safe. */
abstract class ColumnAccumulator {
  final String name;
  int size;

  ColumnAccumulator(String name) {
    this.name = name;
  }

  abstract void addMissing();

  abstract Column build();

  static final class Numeric extends ColumnAccumulator {
    private double[] values = new double[64];

    Numeric(String name) {
      super(name);
    }

    void add(double v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    @Override
    void addMissing() {
      add(Double.NaN);
    }

    @Override
    Column build() {
      return new NumericColumn(new ColumnSpec(name, ColumnType.NUMERIC), Arrays.copyOf(values, size), true);
    }
  }

  static final class Categorical extends ColumnAccumulator {
    private int[] codes = new int[64];
    private final Map<String, Integer> dict = new HashMap<>();
    private final List<String> labels = new ArrayList<>();

    Categorical(String name) {
      super(name);
    }

    void add(String label) {
      int code;
      if (label == null) {
        code = CategoricalColumn.MISSING;
      } else {
        Integer c = dict.get(label);
        if (c == null) {
          c = labels.size();
          dict.put(label, c);
          labels.add(label);
        }
        code = c;
      }
      if (size == codes.length) {
        codes = Arrays.copyOf(codes, size * 2);
      }
      codes[size++] = code;
    }

    @Override
    void addMissing() {
      add(null);
    }

    @Override
    Column build() {
      return new CategoricalColumn(new ColumnSpec(name, ColumnType.CATEGORICAL), Arrays.copyOf(codes, size), labels);
    }
  }
}
