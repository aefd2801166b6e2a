package dev.mlops.core.model;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * An unmodifiable {@code Map<String, Double>} over shared {@link ScoreNames} and a row of primitive
 * doubles that only this map references. Iteration follows the names' column order. Like {@link
 * Map#of()}, it holds no null key or value, and a null key given to {@code get}/{@code containsKey}
 * raises {@link NullPointerException}. Equal to any map with the same mappings (Map contract). Immutable,
 * thread-safe.
 */
final class DenseScores extends AbstractMap<String, Double> {
  private final ScoreNames names;
  private final double[] values;
  private final int offset;
  private final int size;

  /**
   * A view of {@code names.size()} values from {@code offset}; {@code values} is never written again
   * (it may be shared by the rows of one batch).
   */
  DenseScores(ScoreNames names, double[] values, int offset) {
    Objects.checkFromIndexSize(offset, names.size(), values.length);
    this.names = names;
    this.values = values;
    this.offset = offset;
    this.size = names.size();
  }

  /** The shared names. */
  ScoreNames names() {
    return names;
  }

  /** The primitive value at a column, for callers in this package. */
  double at(int i) {
    return values[offset + i];
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public boolean isEmpty() {
    return size == 0;
  }

  @Override
  public Double get(Object key) {
    int i = names.indexOf(key);
    return i < 0 ? null : values[offset + i];
  }

  @Override
  public Double getOrDefault(Object key, Double defaultValue) {
    int i = names.indexOf(key);
    return i < 0 ? defaultValue : values[offset + i];
  }

  @Override
  public boolean containsKey(Object key) {
    return names.indexOf(key) >= 0;
  }

  @Override
  public boolean containsValue(Object value) {
    if (!(value instanceof Double d)) {
      return false;
    }
    for (int i = 0; i < size; i++) {
      if (d.equals(values[offset + i])) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void forEach(BiConsumer<? super String, ? super Double> action) {
    for (int i = 0; i < size; i++) {
      action.accept(names.get(i), values[offset + i]);
    }
  }

  @Override
  public Set<Map.Entry<String, Double>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public int size() {
        return size;
      }

      @Override
      public Iterator<Map.Entry<String, Double>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < size;
          }

          @Override
          public Map.Entry<String, Double> next() {
            if (next >= size) {
              throw new NoSuchElementException();
            }
            int i = next++;
            return new AbstractMap.SimpleImmutableEntry<>(names.get(i), values[offset + i]);
          }
        };
      }
    };
  }

  @Override
  public boolean equals(Object o) {
    if (o == this) {
      return true;
    }
    if (o instanceof DenseScores d && d.names.equals(names)) {
      // Double.equals semantics (bitwise, NaN equal to NaN), like comparing the boxed values
      return Arrays.equals(values, offset, offset + size, d.values, d.offset, d.offset + size);
    }
    return super.equals(o);
  }

  @Override
  public int hashCode() {
    int h = 0;
    for (int i = 0; i < size; i++) {
      h += names.hash(i) ^ Double.hashCode(values[offset + i]);
    }
    return h;
  }

  private static UnsupportedOperationException immutable() {
    return new UnsupportedOperationException("prediction scores are immutable");
  }

  @Override
  public Double put(String key, Double value) {
    throw immutable();
  }

  @Override
  public Double remove(Object key) {
    throw immutable();
  }

  @Override
  public void putAll(Map<? extends String, ? extends Double> m) {
    throw immutable();
  }

  @Override
  public void clear() {
    throw immutable();
  }

  @Override
  public void replaceAll(BiFunction<? super String, ? super Double, ? extends Double> function) {
    throw immutable();
  }

  @Override
  public Double putIfAbsent(String key, Double value) {
    throw immutable();
  }

  @Override
  public boolean remove(Object key, Object value) {
    throw immutable();
  }

  @Override
  public boolean replace(String key, Double oldValue, Double newValue) {
    throw immutable();
  }

  @Override
  public Double replace(String key, Double value) {
    throw immutable();
  }

  @Override
  public Double computeIfAbsent(String key, Function<? super String, ? extends Double> f) {
    throw immutable();
  }

  @Override
  public Double computeIfPresent(String key, BiFunction<? super String, ? super Double, ? extends Double> f) {
    throw immutable();
  }

  @Override
  public Double compute(String key, BiFunction<? super String, ? super Double, ? extends Double> f) {
    throw immutable();
  }

  @Override
  public Double merge(String key, Double value, BiFunction<? super Double, ? super Double, ? extends Double> f) {
    throw immutable();
  }
}
