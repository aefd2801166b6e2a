package dev.mlops.registry.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * One key whose value differs between two sides (two runs, or a run and its reproduction); a side
 * without the key is empty.
 *
 * <p>Immutable and thread-safe.
 *
 * @param key the key, e.g. {@code trainer.seed} or {@code jar.tribuo-core}
 * @param left the value on the left (recorded) side
 * @param right the value on the right (compared) side
 */
public record Difference(String key, Optional<String> left, Optional<String> right) {
  /**
   * Checks the fields.
   *
   * @param key the key, e.g. {@code trainer.seed} or {@code jar.tribuo-core}
   * @param left the value on the left (recorded) side
   * @param right the value on the right (compared) side
   */
  public Difference {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(left, "left");
    Objects.requireNonNull(right, "right");
  }

  /**
   * Lists the keys whose values differ between two maps, sorted by key.
   *
   * @param left the left map
   * @param right the right map
   * @return the differences
   */
  public static List<Difference> between(Map<String, ?> left, Map<String, ?> right) {
    TreeSet<String> keys = new TreeSet<>(left.keySet());
    keys.addAll(right.keySet());
    List<Difference> out = new ArrayList<>();
    for (String k : keys) {
      Object a = left.get(k);
      Object b = right.get(k);
      if (!Objects.equals(a, b)) {
        out.add(new Difference(k, Optional.ofNullable(a).map(String::valueOf), Optional.ofNullable(b).map(String::valueOf)));
      }
    }
    return List.copyOf(out);
  }

  @Override
  public String toString() {
    return key + ": " + left.orElse("(absent)") + " -> " + right.orElse("(absent)");
  }
}
