package dev.mlops.core.model;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The label (or output dimension) names of a model, in the model's column order, built once and shared by
 * every {@link Prediction} made from dense score rows ({@link Prediction#classification(ScoreNames, double[],
 * int, int)}, {@link Prediction#regression(ScoreNames, double[], int)}). Predictions made this way hold a
 * reference to these names and their own copy of the scores: no boxing and no hashing per prediction.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ScoreNames {
  /** Beyond this many names, lookups go through a hash index instead of a linear scan. */
  private static final int SCAN = 8;

  private final String[] names;
  private final Map<String, Integer> index;
  private final int[] hashes;

  private ScoreNames(String[] names) {
    this.names = names;
    this.hashes = new int[names.length];
    Map<String, Integer> idx = new HashMap<>();
    for (int i = 0; i < names.length; i++) {
      if (idx.put(names[i], i) != null) {
        throw new IllegalArgumentException("duplicate name '" + names[i] + "' in " + Arrays.toString(names));
      }
      hashes[i] = names[i].hashCode();
    }
    this.index = names.length > SCAN ? Map.copyOf(idx) : null;
  }

  /**
   * Creates the names of a model's labels or output dimensions.
   *
   * @param names the names in the model's column order; distinct, none null; may be empty
   * @return the names
   * @throws NullPointerException if the list or a name is null
   * @throws IllegalArgumentException if a name occurs twice
   */
  public static ScoreNames of(List<String> names) {
    Objects.requireNonNull(names, "names");
    String[] copy = names.toArray(new String[0]);
    for (String n : copy) {
      Objects.requireNonNull(n, "a name is null");
    }
    return new ScoreNames(copy);
  }

  /**
   * Returns how many names there are.
   *
   * @return the number of names
   */
  public int size() {
    return names.length;
  }

  /**
   * Returns a name by position.
   *
   * @param i the position, from 0
   * @return the name
   * @throws IndexOutOfBoundsException if there is no such position
   */
  public String get(int i) {
    return names[i];
  }

  /**
   * Returns the names.
   *
   * @return the names in column order, unmodifiable
   */
  public List<String> names() {
    return List.of(names);
  }

  /**
   * Returns the position of a name.
   *
   * @param name the name
   * @return its position, or -1 if it is not one of these names
   * @throws NullPointerException if the name is null
   */
  public int indexOf(Object name) {
    Objects.requireNonNull(name, "name");
    if (index != null) {
      Integer i = index.get(name);
      return i == null ? -1 : i;
    }
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(name)) {
        return i;
      }
    }
    return -1;
  }

  int hash(int i) {
    return hashes[i];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ScoreNames s && Arrays.equals(names, s.names);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(names);
  }

  @Override
  public String toString() {
    return Arrays.toString(names);
  }
}
