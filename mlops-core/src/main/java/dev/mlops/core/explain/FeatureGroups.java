package dev.mlops.core.explain;

import dev.mlops.core.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Groups of model features that belong to one original column (one-hot columns of a category,
 * features derived from one field), so that explanations are given per original column. A grouped
 * Shapley explanation treats each group as one player; features in no group stay players of their
 * own.
 *
 * <pre>{@code
 * FeatureGroups groups = FeatureGroups.bySeparator(schema.names(), "@");   // colour@red, colour@blue -> colour
 * Explanation e = KernelShap.builder(predictor, output).background(bg).groups(groups).build().explain(row);
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class FeatureGroups {
  private final Map<String, List<String>> groups;

  private FeatureGroups(Map<String, List<String>> groups) {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    Map<String, String> owner = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> e : groups.entrySet()) {
      if (e.getValue().isEmpty()) {
        throw new InvalidInputException(e.getKey(), "Group '" + e.getKey() + "' has no features.");
      }
      for (String f : e.getValue()) {
        String prev = owner.put(f, e.getKey());
        if (prev != null) {
          throw new InvalidInputException(f, "Feature '" + f + "' is in two groups ('" + prev + "' and '" + e.getKey()
              + "'); a feature belongs to one original column.");
        }
      }
      copy.put(e.getKey(), List.copyOf(e.getValue()));
    }
    this.groups = java.util.Collections.unmodifiableMap(copy);
  }

  /**
   * Creates groups from a map of group name to feature names.
   *
   * @param groups group name to its features, in order
   * @return the groups
   * @throws InvalidInputException if a group is empty or a feature is in two groups
   */
  public static FeatureGroups of(Map<String, List<String>> groups) {
    Objects.requireNonNull(groups, "groups");
    return new FeatureGroups(groups);
  }

  /**
   * Groups features by the part of their name before a separator: {@code colour@red} and
   * {@code colour@blue} form group {@code colour}; a name without the separator is its own group.
   *
   * @param features the feature names
   * @param separator the separator, e.g. {@code "@"} (Tribuo's columnar features) or {@code "="}
   * @return the groups
   */
  public static FeatureGroups bySeparator(List<String> features, String separator) {
    Objects.requireNonNull(separator, "separator");
    if (separator.isEmpty()) {
      throw new IllegalArgumentException("separator is empty");
    }
    Map<String, List<String>> g = new LinkedHashMap<>();
    for (String f : features) {
      int i = f.indexOf(separator);
      String key = i > 0 ? f.substring(0, i) : f;
      g.computeIfAbsent(key, k -> new ArrayList<>()).add(f);
    }
    return new FeatureGroups(g);
  }

  /**
   * Returns the groups.
   *
   * @return group name to feature names, in order
   */
  public Map<String, List<String>> groups() {
    return groups;
  }

  /**
   * Resolves the players of a Shapley game over the given features: one per group (in group order),
   * then one per feature in no group (in feature order).
   *
   * @param features the model's features in row order
   * @return the players
   * @throws InvalidInputException if a group names a feature the model does not have
   */
  Players players(List<String> features) {
    Map<String, Integer> index = new LinkedHashMap<>();
    for (int i = 0; i < features.size(); i++) {
      index.put(features.get(i), i);
    }
    List<String> names = new ArrayList<>();
    List<int[]> columns = new ArrayList<>();
    boolean[] used = new boolean[features.size()];
    for (Map.Entry<String, List<String>> e : groups.entrySet()) {
      int[] cols = new int[e.getValue().size()];
      for (int k = 0; k < cols.length; k++) {
        Integer c = index.get(e.getValue().get(k));
        if (c == null) {
          throw new InvalidInputException(e.getValue().get(k), "Group '" + e.getKey() + "' names feature '"
              + e.getValue().get(k) + "', which the model does not have.");
        }
        cols[k] = c;
        used[c] = true;
      }
      names.add(e.getKey());
      columns.add(cols);
    }
    for (int i = 0; i < features.size(); i++) {
      if (!used[i]) {
        names.add(features.get(i));
        columns.add(new int[] {i});
      }
    }
    return new Players(names, columns.toArray(new int[0][]));
  }

  /** The players of a Shapley game: names and the row columns each owns. */
  record Players(List<String> names, int[][] columns) {
    static Players ofFeatures(List<String> features) {
      int[][] cols = new int[features.size()][];
      for (int i = 0; i < cols.length; i++) {
        cols[i] = new int[] {i};
      }
      return new Players(List.copyOf(features), cols);
    }

    int size() {
      return columns.length;
    }

    boolean identity() {
      for (int i = 0; i < columns.length; i++) {
        if (columns[i].length != 1 || columns[i][0] != i) {
          return false;
        }
      }
      return true;
    }
  }
}
