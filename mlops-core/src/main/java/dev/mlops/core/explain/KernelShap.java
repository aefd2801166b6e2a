package dev.mlops.core.explain;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.model.TabularPredictor;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.DecompositionSolver;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealVector;

/**
 * KernelSHAP for any {@link TabularPredictor}: Shapley values estimated by Shapley-kernel weighted
 * least squares over sampled coalitions, with interventional expectations over background data.
 *
 * <ul>
 *   <li>Coalitions are drawn from the Shapley kernel's distribution over sizes and paired with
 *       their complements (antithetic sampling), from a seeded generator: the same seed gives the
 *       same explanation.
 *   <li>The efficiency constraint {@code Σφ = f(x) − E[f]} is enforced exactly (the last value is
 *       eliminated), so additivity holds up to rounding.
 *   <li>Each value carries a standard error: a jackknife over 10 groups of coalition pairs.
 *   <li>When the number of players is small ({@link Builder#exactUpTo(int)}, default 10, or when
 *       2<sup>M</sup> does not exceed the sample budget), every coalition is enumerated instead
 *       ({@link ExactShapley}).
 *   <li>Model calls are batched: the rows of many coalitions go to {@code predictRows} together.
 * </ul>
 *
 * <pre>{@code
 * KernelShap shap = KernelShap.builder(predictor, ExplainedOutput.score("malignant"))
 *     .background(Background.kmeans(trainingRows, 20, 1L)).samples(2048).seed(7L).build();
 * Explanation e = shap.explain(row);   // e.standardErrors(), e.additivityError() < 1e-9
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe when the predictor is.
 */
public final class KernelShap {
  private static final int JACKKNIFE_GROUPS = 10;

  private final TabularPredictor predictor;
  private final ExplainedOutput output;
  private final Background background;
  private final FeatureGroups groups;
  private final int samples;
  private final long seed;
  private final int exactUpTo;

  private KernelShap(Builder b) {
    this.predictor = b.predictor;
    this.output = b.output;
    this.background = b.background;
    this.groups = b.groups;
    this.samples = b.samples;
    this.seed = b.seed;
    this.exactUpTo = b.exactUpTo;
  }

  /**
   * Starts a builder.
   *
   * @param predictor the model
   * @param output the number to explain
   * @return the builder
   */
  public static Builder builder(TabularPredictor predictor, ExplainedOutput output) {
    return new Builder(Objects.requireNonNull(predictor, "predictor"), Objects.requireNonNull(output, "output"));
  }

  /**
   * Explains one row.
   *
   * @param row the row, in schema order
   * @return the explanation: {@link ExplanationMethod#KERNEL_SHAP} with standard errors and the
   *     largest as its accuracy, or {@link ExplanationMethod#EXACT_SHAPLEY} when enumerated
   * @throws InvalidInputException if the row does not match the schema, or the sampled coalitions
   *     leave the regression singular (raise the sample count)
   */
  public Explanation explain(double[] row) {
    double[] x = predictor.schema().checkRow(row).clone();
    List<String> names = predictor.schema().names();
    FeatureGroups.Players players = groups == null ? FeatureGroups.Players.ofFeatures(names) : groups.players(names);
    int m = players.size();
    if (m <= exactUpTo || (m < 31 && (1L << m) <= samples + 2L)) {
      return ExactShapley.explain(predictor, output, background, players, x);
    }
    int pairs = samples / 2;
    if (pairs < 2 * m) {
      throw new InvalidInputException("samples", "KernelSHAP over " + m + " players needs at least " + (4 * m)
          + " coalition samples; raise samples().");
    }
    MaskedModel game = new MaskedModel(predictor, output, background, players, x);
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] sizeCdf = sizeCdf(m);
    boolean[][] coalitions = new boolean[2 * pairs + 1][];
    int[] perm = new int[m];
    for (int k = 0; k < pairs; k++) {
      int s = drawSize(sizeCdf, rnd.nextDouble());
      for (int i = 0; i < m; i++) {
        perm[i] = i;
      }
      boolean[] z = new boolean[m];
      for (int i = 0; i < s; i++) {
        int j = i + rnd.nextInt(m - i);
        int t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
        z[perm[i]] = true;
      }
      boolean[] zc = new boolean[m];
      for (int i = 0; i < m; i++) {
        zc[i] = !z[i];
      }
      coalitions[2 * k] = z;
      coalitions[2 * k + 1] = zc;
    }
    coalitions[2 * pairs] = new boolean[m];
    double[] v = game.values(coalitions);
    double v0 = v[2 * pairs];
    double fx = game.full();
    double delta = fx - v0;

    // Normal equations of the constrained problem with φ_M eliminated: regress y − z_M Δ on (z_j − z_M).
    int p = m - 1;
    double[][][] gram = new double[JACKKNIFE_GROUPS][p][p];
    double[][] rhs = new double[JACKKNIFE_GROUPS][p];
    double[] d = new double[p];
    for (int c = 0; c < 2 * pairs; c++) {
      int g = (c / 2) % JACKKNIFE_GROUPS;
      boolean[] z = coalitions[c];
      double zm = z[p] ? 1 : 0;
      double t = v[c] - v0 - zm * delta;
      int nz = 0;
      int[] idx = new int[p];
      double[] val = new double[p];
      for (int j = 0; j < p; j++) {
        double dj = (z[j] ? 1 : 0) - zm;
        if (dj != 0) {
          idx[nz] = j;
          val[nz++] = dj;
        }
      }
      double[][] a = gram[g];
      double[] b = rhs[g];
      for (int u = 0; u < nz; u++) {
        b[idx[u]] += val[u] * t;
        double[] arow = a[idx[u]];
        for (int w = 0; w < nz; w++) {
          arow[idx[w]] += val[u] * val[w];
        }
      }
    }
    double[][] total = new double[p][p];
    double[] totalRhs = new double[p];
    for (int g = 0; g < JACKKNIFE_GROUPS; g++) {
      for (int i = 0; i < p; i++) {
        totalRhs[i] += rhs[g][i];
        for (int j = 0; j < p; j++) {
          total[i][j] += gram[g][i][j];
        }
      }
    }
    double[] phi = solve(total, totalRhs, delta);
    double[][] loo = new double[JACKKNIFE_GROUPS][];
    double[] mean = new double[m];
    for (int g = 0; g < JACKKNIFE_GROUPS; g++) {
      double[][] a = new double[p][p];
      double[] b = new double[p];
      for (int i = 0; i < p; i++) {
        b[i] = totalRhs[i] - rhs[g][i];
        for (int j = 0; j < p; j++) {
          a[i][j] = total[i][j] - gram[g][i][j];
        }
      }
      loo[g] = solve(a, b, delta);
      for (int i = 0; i < m; i++) {
        mean[i] += loo[g][i] / JACKKNIFE_GROUPS;
      }
    }
    double[] se = new double[m];
    double maxSe = 0;
    for (int i = 0; i < m; i++) {
      double ss = 0;
      for (int g = 0; g < JACKKNIFE_GROUPS; g++) {
        ss += (loo[g][i] - mean[i]) * (loo[g][i] - mean[i]);
      }
      se[i] = Math.sqrt(ss * (JACKKNIFE_GROUPS - 1) / JACKKNIFE_GROUPS);
      maxSe = Math.max(maxSe, se[i]);
    }
    List<Double> values = players.identity() ? Explanation.boxed(x) : List.of();
    return new Explanation(ExplanationMethod.KERNEL_SHAP, output, players.names(), values, Explanation.boxed(phi),
        Explanation.boxed(se), v0, fx, new Accuracy(Accuracy.Kind.MAX_STANDARD_ERROR, maxSe));
  }

  private static double[] solve(double[][] a, double[] b, double delta) {
    int p = b.length;
    double[] phi = new double[p + 1];
    if (p > 0) {
      DecompositionSolver solver = new LUDecomposition(new Array2DRowRealMatrix(a, false), 1e-12).getSolver();
      if (!solver.isNonSingular()) {
        throw new InvalidInputException("samples", "The sampled coalitions do not separate every feature; raise samples().");
      }
      RealVector beta = solver.solve(new ArrayRealVector(b, false));
      double s = 0;
      for (int j = 0; j < p; j++) {
        phi[j] = beta.getEntry(j);
        s += phi[j];
      }
      phi[p] = delta - s;
    } else {
      phi[0] = delta;
    }
    return phi;
  }

  /** Cumulative distribution of coalition sizes 1..M−1 under the Shapley kernel: p(s) ∝ (M−1)/(s(M−s)). */
  static double[] sizeCdf(int m) {
    double[] cdf = new double[m - 1];
    double sum = 0;
    for (int s = 1; s < m; s++) {
      sum += 1.0 / (s * (double) (m - s));
      cdf[s - 1] = sum;
    }
    for (int i = 0; i < cdf.length; i++) {
      cdf[i] /= sum;
    }
    return cdf;
  }

  private static int drawSize(double[] cdf, double u) {
    for (int i = 0; i < cdf.length; i++) {
      if (u < cdf[i]) {
        return i + 1;
      }
    }
    return cdf.length;
  }

  /**
   * Builds a {@link KernelShap}. Not thread-safe; each setter may be called once.
   */
  public static final class Builder {
    private final TabularPredictor predictor;
    private final ExplainedOutput output;
    private Background background;
    private FeatureGroups groups;
    private int samples = -1;
    private Long seed;
    private int exactUpTo = -1;

    private Builder(TabularPredictor predictor, ExplainedOutput output) {
      this.predictor = predictor;
      this.output = output;
    }

    /**
     * Sets the background data (required).
     *
     * @param background the background
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder background(Background background) {
      requireUnset(this.background == null, "background");
      this.background = Objects.requireNonNull(background, "background");
      return this;
    }

    /**
     * Explains groups of features as single players.
     *
     * @param groups the groups
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder groups(FeatureGroups groups) {
      requireUnset(this.groups == null, "groups");
      this.groups = Objects.requireNonNull(groups, "groups");
      return this;
    }

    /**
     * Sets the number of sampled coalitions (default 2048; rounded down to pairs).
     *
     * @param samples at least 4
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder samples(int samples) {
      requireUnset(this.samples < 0, "samples");
      if (samples < 4) {
        throw new IllegalArgumentException("samples < 4");
      }
      this.samples = samples;
      return this;
    }

    /**
     * Sets the seed (default 0).
     *
     * @param seed the seed
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder seed(long seed) {
      requireUnset(this.seed == null, "seed");
      this.seed = seed;
      return this;
    }

    /**
     * Enumerates every coalition exactly when there are at most this many players (default 10; 0
     * samples always unless 2<sup>M</sup> fits in the sample budget).
     *
     * @param players the threshold, 0 to 20
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder exactUpTo(int players) {
      requireUnset(this.exactUpTo < 0, "exactUpTo");
      if (players < 0 || players > ExactShapley.MAX_PLAYERS) {
        throw new IllegalArgumentException("exactUpTo must be 0.." + ExactShapley.MAX_PLAYERS);
      }
      this.exactUpTo = players;
      return this;
    }

    /**
     * Builds the explainer.
     *
     * @return the explainer
     * @throws IllegalStateException if no background was set
     */
    public KernelShap build() {
      if (background == null) {
        throw new IllegalStateException("set background(...): KernelSHAP takes expectations over background data");
      }
      if (samples < 0) {
        samples = 2048;
      }
      if (seed == null) {
        seed = 0L;
      }
      if (exactUpTo < 0) {
        exactUpTo = 10;
      }
      return new KernelShap(this);
    }

    private static void requireUnset(boolean unset, String what) {
      if (!unset) {
        throw new IllegalStateException(what + " was already set");
      }
    }
  }
}
