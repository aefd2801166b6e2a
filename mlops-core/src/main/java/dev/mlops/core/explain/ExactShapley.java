package dev.mlops.core.explain;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.model.TabularPredictor;
import java.util.List;
import java.util.Objects;

/**
 * Exact Shapley values by enumerating all 2<sup>M</sup> coalitions of M players, with interventional
 * expectations over background data: {@code v(S) = Σ_b w_b f(x_S, b_rest)}. The oracle the other
 * explainers are tested against; practical up to about 16 players (features or groups).
 *
 * <pre>{@code
 * ExactShapley exact = ExactShapley.of(predictor, ExplainedOutput.score("yes"), Background.sample(rows, 50, 1L));
 * Explanation e = exact.explain(row);   // e.additivityError() ~ 1e-16
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe when the predictor is.
 */
public final class ExactShapley {
  /** The largest number of players enumerated. */
  public static final int MAX_PLAYERS = 20;

  private final TabularPredictor predictor;
  private final ExplainedOutput output;
  private final Background background;
  private final FeatureGroups groups;

  private ExactShapley(TabularPredictor predictor, ExplainedOutput output, Background background, FeatureGroups groups) {
    this.predictor = Objects.requireNonNull(predictor, "predictor");
    this.output = Objects.requireNonNull(output, "output");
    this.background = Objects.requireNonNull(background, "background");
    this.groups = groups;
  }

  /**
   * Creates an explainer over every feature.
   *
   * @param predictor the model
   * @param output the number to explain
   * @param background the background data
   * @return the explainer
   */
  public static ExactShapley of(TabularPredictor predictor, ExplainedOutput output, Background background) {
    return new ExactShapley(predictor, output, background, null);
  }

  /**
   * Creates an explainer whose players are groups of features (each feature in no group is its own
   * player).
   *
   * @param predictor the model
   * @param output the number to explain
   * @param background the background data
   * @param groups the groups
   * @return the explainer
   */
  public static ExactShapley of(TabularPredictor predictor, ExplainedOutput output, Background background, FeatureGroups groups) {
    return new ExactShapley(predictor, output, background, Objects.requireNonNull(groups, "groups"));
  }

  /**
   * Explains one row.
   *
   * @param row the row, in schema order
   * @return the explanation; its accuracy is the additivity error
   * @throws InvalidInputException if the row does not match the schema, or there are more than
   *     {@link #MAX_PLAYERS} players
   */
  public Explanation explain(double[] row) {
    double[] x = predictor.schema().checkRow(row).clone();
    List<String> names = predictor.schema().names();
    FeatureGroups.Players players = groups == null ? FeatureGroups.Players.ofFeatures(names) : groups.players(names);
    return explain(predictor, output, background, players, x);
  }

  static Explanation explain(TabularPredictor predictor, ExplainedOutput output, Background background,
      FeatureGroups.Players players, double[] x) {
    int m = players.size();
    if (m > MAX_PLAYERS) {
      throw new InvalidInputException("features", "Exact Shapley enumerates 2^" + m + " coalitions; use KernelShap (or group features) above "
          + MAX_PLAYERS + " players.");
    }
    MaskedModel game = new MaskedModel(predictor, output, background, players, x);
    int n = 1 << m;
    boolean[][] coalitions = new boolean[n][m];
    for (int mask = 0; mask < n; mask++) {
      for (int p = 0; p < m; p++) {
        coalitions[mask][p] = (mask & (1 << p)) != 0;
      }
    }
    double[] v = game.values(coalitions);
    double[] phi = shapleyValues(m, v);
    double fx = game.full();
    List<Double> values = players.identity() ? Explanation.boxed(x) : List.of();
    Explanation e = new Explanation(ExplanationMethod.EXACT_SHAPLEY, output, players.names(), values, Explanation.boxed(phi),
        List.of(), v[0], fx, new Accuracy(Accuracy.Kind.ADDITIVITY_ERROR, 0));
    return withAdditivity(e);
  }

  static Explanation withAdditivity(Explanation e) {
    return new Explanation(e.method(), e.output(), e.features(), e.featureValues(), e.contributions(), e.standardErrors(),
        e.baseValue(), e.prediction(), new Accuracy(Accuracy.Kind.ADDITIVITY_ERROR, e.additivityError()));
  }

  /**
   * Shapley values of a game given by the value of every coalition:
   * {@code φ_i = Σ_{S ∌ i} |S|!(M−|S|−1)!/M! (v(S ∪ {i}) − v(S))}.
   *
   * @param players the number of players M, at most {@link #MAX_PLAYERS}
   * @param value the value of each coalition, indexed by its bit mask (bit i set when player i is in
   *     it); length 2<sup>M</sup>
   * @return the Shapley value of each player
   * @throws IllegalArgumentException if the length is not 2<sup>M</sup>
   */
  public static double[] shapleyValues(int players, double[] value) {
    if (players < 0 || players > MAX_PLAYERS || value.length != (1 << players)) {
      throw new IllegalArgumentException("need 2^players values, players <= " + MAX_PLAYERS);
    }
    double[] w = weights(players);
    double[] phi = new double[players];
    for (int mask = 0; mask < value.length; mask++) {
      int s = Integer.bitCount(mask);
      for (int i = 0; i < players; i++) {
        int bit = 1 << i;
        if ((mask & bit) == 0) {
          phi[i] += w[s] * (value[mask | bit] - value[mask]);
        }
      }
    }
    return phi;
  }

  /** w[s] = s!(M−s−1)!/M!, for s = 0..M−1. */
  static double[] weights(int m) {
    double[] w = new double[Math.max(m, 1)];
    for (int s = 0; s < m; s++) {
      // 1 / (M * C(M-1, s))
      double c = 1;
      for (int k = 1; k <= s; k++) {
        c = c * (m - 1 - s + k) / k;
      }
      w[s] = 1.0 / (m * c);
    }
    return w;
  }
}
