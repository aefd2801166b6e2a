package dev.mlops.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The dense score map behind {@link Prediction#classification} obeys the {@link Map} contract. */
class DenseScoresTest {

  /** Names and a flat row of values with room before it (offset). */
  record Case(List<String> names, double[] flat, int offset) {
    Map<String, Double> reference() {
      Map<String, Double> m = new LinkedHashMap<>();
      for (int i = 0; i < names.size(); i++) {
        m.put(names.get(i), flat[offset + i]);
      }
      return m;
    }
  }

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<List<String>> names = Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(6)
        .list().ofMinSize(1).ofMaxSize(20).uniqueElements();
    Arbitrary<Double> value = Arbitraries.oneOf(Arbitraries.doubles().between(-1e6, 1e6),
        Arbitraries.of(0.0, -0.0, 1.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE));
    return Combinators.combine(names, Arbitraries.integers().between(0, 3), value.list().ofSize(30))
        .as((n, offset, vs) -> {
          double[] flat = new double[offset + n.size()];
          for (int i = 0; i < flat.length; i++) {
            flat[i] = vs.get(i % vs.size());
          }
          return new Case(n, flat, offset);
        });
  }

  @Property(tries = 300)
  void behavesLikeTheSameMappingsInAHashMap(@ForAll("cases") Case c) {
    Map<String, Double> ref = c.reference();
    Map<String, Double> dense = Prediction.classification(ScoreNames.of(c.names()), c.flat(), c.offset(), 0).scores();

    assertThat(dense).isEqualTo(ref).isEqualTo(new HashMap<>(ref)).isEqualTo(Map.copyOf(ref));
    assertThat(new HashMap<>(ref)).isEqualTo(dense);
    assertThat(Map.copyOf(ref)).isEqualTo(dense);
    assertThat(dense.hashCode()).isEqualTo(ref.hashCode()).isEqualTo(Map.copyOf(ref).hashCode());
    assertThat(dense.size()).isEqualTo(ref.size());
    for (String name : c.names()) {
      assertThat(dense.containsKey(name)).isTrue();
      assertThat(dense.get(name)).isEqualTo(ref.get(name));
      assertThat(dense.containsValue(ref.get(name))).isTrue();
    }
    assertThat(dense.get("not-a-name!")).isNull();
    assertThat(dense.containsKey("not-a-name!")).isFalse();
    assertThat(dense.getOrDefault("not-a-name!", 7.0)).isEqualTo(7.0);
    assertThat(dense.keySet()).isEqualTo(ref.keySet());
    assertThat(dense.entrySet()).isEqualTo(ref.entrySet());
    assertThat(List.copyOf(dense.values())).isEqualTo(List.copyOf(ref.values()));
    // iteration follows the names' order (the LinkedHashMap reference keeps insertion order)
    assertThat(new ArrayList<>(dense.keySet())).isEqualTo(c.names());
    assertThat(dense.toString()).isEqualTo(ref.toString());
    List<String> visited = new ArrayList<>();
    dense.forEach((k, v) -> {
      visited.add(k);
      assertThat(v).isEqualTo(ref.get(k));
    });
    assertThat(visited).isEqualTo(c.names());
  }

  @Property(tries = 200)
  void differsFromAMapWithOneValueChangedOrOneKeyMore(@ForAll("cases") Case c) {
    Map<String, Double> dense = Prediction.classification(ScoreNames.of(c.names()), c.flat(), c.offset(), 0).scores();
    Map<String, Double> changed = new HashMap<>(c.reference());
    String first = c.names().get(0);
    changed.put(first, changed.get(first) + 1.0 == changed.get(first) ? 42.0 : changed.get(first) + 1.0);
    assertThat(dense).isNotEqualTo(changed);
    assertThat(changed).isNotEqualTo(dense);
    Map<String, Double> more = new HashMap<>(c.reference());
    more.put("extra-key", 1.0);
    assertThat(dense).isNotEqualTo(more);
    assertThat(more).isNotEqualTo(dense);
    double[] other = c.flat().clone();
    other[c.offset()] = changed.get(first);
    assertThat(dense).isNotEqualTo(Prediction.classification(ScoreNames.of(c.names()), other, c.offset(), 0).scores());
  }

  @Test
  void isUnmodifiableAndOwnsACopyOfTheRow() {
    double[] flat = {0.25, 0.75};
    Map<String, Double> s = Prediction.classification(ScoreNames.of(List.of("no", "yes")), flat, 0, 1).scores();
    flat[0] = 99;
    assertThat(s).containsExactly(Map.entry("no", 0.25), Map.entry("yes", 0.75));
    assertThatThrownBy(() -> s.put("no", 1.0)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> s.remove("no")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(s::clear).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> s.putAll(Map.of("a", 1.0))).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> s.replaceAll((k, v) -> 0.0)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> s.computeIfAbsent("no", k -> 1.0)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> s.merge("no", 1.0, Double::sum)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> s.entrySet().iterator().next().setValue(1.0))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> {
      var it = s.keySet().iterator();
      it.next();
      it.remove();
    }).isInstanceOf(UnsupportedOperationException.class);
    // like Map.of: no null keys, and asking for one is an error
    assertThatThrownBy(() -> s.get(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> s.containsKey(null)).isInstanceOf(NullPointerException.class);
    assertThat(s.containsValue(null)).isFalse();
  }

  @Test
  void buildsThePredictionTheRecordConstructorBuilds() {
    ScoreNames names = ScoreNames.of(List.of("a", "b", "c"));
    double[] flat = {9, 9, 0.2, 0.5, 0.3};
    Prediction.Classification dense = Prediction.classification(names, flat, 2, 1);
    Prediction.Classification boxed = new Prediction.Classification("b", Map.of("a", 0.2, "b", 0.5, "c", 0.3));
    assertThat(dense).isEqualTo(boxed);
    assertThat(boxed).isEqualTo(dense);
    assertThat(dense.hashCode()).isEqualTo(boxed.hashCode());
    assertThat(dense.score("c")).isEqualTo(0.3);
    assertThat(dense.score("z")).isEqualTo(0.0);
    assertThat(new Prediction.Classification("b", dense.scores()).scores()).isSameAs(dense.scores());

    Prediction.Regression r = Prediction.regression(ScoreNames.of(List.of("y")), new double[] {1.5, 2.5}, 1);
    assertThat(r).isEqualTo(new Prediction.Regression(Map.of("y", 2.5)));
    assertThat(r.value()).isEqualTo(2.5);
  }

  @Test
  void rejectsBadArguments() {
    ScoreNames names = ScoreNames.of(List.of("a", "b"));
    assertThatThrownBy(() -> Prediction.classification(names, new double[] {1, 2}, 1, 0))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> Prediction.classification(names, new double[] {1, 2}, 0, 2))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> Prediction.regression(ScoreNames.of(List.of()), new double[0], 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ScoreNames.of(List.of("a", "a"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("duplicate");
    assertThatThrownBy(() -> ScoreNames.of(java.util.Arrays.asList("a", null))).isInstanceOf(NullPointerException.class);
  }

  @Test
  void nanScoresAreKeptAsTheRecordConstructorKeepsThem() {
    // Prediction never rejected NaN itself (predictors do, before building it); the dense form agrees.
    Map<String, Double> boxed = new Prediction.Classification("a", Map.of("a", Double.NaN)).scores();
    Map<String, Double> dense = Prediction.classification(ScoreNames.of(List.of("a")), new double[] {Double.NaN}, 0, 0)
        .scores();
    assertThat(dense).isEqualTo(boxed);
    assertThat(dense.hashCode()).isEqualTo(boxed.hashCode());
  }

  @Property(tries = 100)
  void batchFactoriesGiveTheSameAsTheRowFactories(@ForAll("cases") Case c) {
    ScoreNames names = ScoreNames.of(c.names());
    int width = names.size();
    int rows = 3;
    double[] matrix = new double[rows * width];
    int[] predicted = new int[rows];
    for (int r = 0; r < rows; r++) {
      for (int k = 0; k < width; k++) {
        matrix[r * width + k] = c.flat()[c.offset() + k] + r;
      }
      predicted[r] = (r * 7) % width;
    }
    double[] original = matrix.clone();
    List<Prediction.Classification> batch = Prediction.classifications(names, matrix, predicted);
    List<Prediction.Regression> regressions = Prediction.regressions(names, matrix, rows);
    java.util.Arrays.fill(matrix, -5.0);  // the batch owns a copy
    assertThat(batch).hasSize(rows);
    for (int r = 0; r < rows; r++) {
      Prediction.Classification one = Prediction.classification(names, original, r * width, predicted[r]);
      assertThat(batch.get(r)).isEqualTo(one);
      assertThat(batch.get(r).scores()).isEqualTo(one.scores()).hasSameHashCodeAs(one.scores());
      assertThat(batch.get(r).label()).isEqualTo(c.names().get(predicted[r]));
      assertThat(regressions.get(r)).isEqualTo(Prediction.regression(names, original, r * width));
      assertThat(regressions.get(r).values()).isEqualTo(one.scores());
    }
    // rows sharing one array are still distinct maps unless their values agree
    boolean sameRows = java.util.Arrays.equals(original, 0, width, original, width, 2 * width);
    assertThat(batch.get(0).scores().equals(batch.get(1).scores())).isEqualTo(sameRows);
    assertThatThrownBy(() -> batch.set(0, batch.get(1))).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void batchFactoriesRejectAMatrixOfTheWrongShape() {
    ScoreNames names = ScoreNames.of(List.of("a", "b"));
    assertThatThrownBy(() -> Prediction.classifications(names, new double[5], new int[2]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 rows of 2");
    assertThatThrownBy(() -> Prediction.classifications(names, new double[4], new int[] {0, 2}))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> Prediction.regressions(names, new double[4], 3)).isInstanceOf(IllegalArgumentException.class);
    assertThat(Prediction.classifications(names, new double[0], new int[0])).isEmpty();
  }
}
