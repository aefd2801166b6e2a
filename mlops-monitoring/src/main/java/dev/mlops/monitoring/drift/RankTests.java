package dev.mlops.monitoring.drift;

import java.util.Arrays;
import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.special.Erf;
import org.apache.commons.math3.special.Gamma;

/**
 * The rank-based and moment-based numeric tests (Mann–Whitney, Welch, Anderson–Darling,
 * Cramér–von Mises, Epps–Singleton), each following scipy 1.10's implementation. Inputs are
 * validated sorted samples. Stateless.
 */
final class RankTests {

  private RankTests() {}

  // ------------------------------------------------------------------ Mann–Whitney

  /** {U1 of the first sample, two-sided p} as scipy.stats.mannwhitneyu(x, y) (auto, continuity). */
  static double[] mannWhitney(double[] x, double[] y) {
    int n1 = x.length;
    int n2 = y.length;
    double r1 = 0.0;
    double tieTerm = 0.0;
    boolean ties = false;
    int i = 0;
    int j = 0;
    long rank = 0;
    while (i < n1 || j < n2) {
      double v = (i < n1 && (j >= n2 || x[i] <= y[j])) ? x[i] : y[j];
      int fromX = 0;
      int fromY = 0;
      while (i < n1 && x[i] <= v) {
        i++;
        fromX++;
      }
      while (j < n2 && y[j] <= v) {
        j++;
        fromY++;
      }
      long t = fromX + fromY;
      double average = rank + (t + 1) / 2.0;
      r1 += fromX * average;
      if (t > 1) {
        ties = true;
        tieTerm += (double) t * t * t - t;
      }
      rank += t;
    }
    double u1 = r1 - n1 * (n1 + 1) / 2.0;
    double u2 = (double) n1 * n2 - u1;
    double u = Math.max(u1, u2);
    double p;
    if ((n1 > 8 && n2 > 8) || ties) {
      double mu = (double) n1 * n2 / 2.0;
      double n = (double) n1 + n2;
      double s = Math.sqrt((double) n1 * n2 / 12.0 * ((n + 1) - tieTerm / (n * (n - 1))));
      if (!(s > 0)) {
        p = 1.0; // every value tied: U equals its mean, scipy's z is -inf and p clips to 1
      } else {
        double z = (u - mu - 0.5) / s;
        p = 2 * normalSf(z);
      }
    } else {
      p = 2 * mannWhitneyExactSf((long) Math.rint(u), n1, n2);
    }
    return new double[] {u1, Math.min(1.0, Math.max(0.0, p))};
  }

  static double normalSf(double z) {
    return 0.5 * Erf.erfc(z / Math.sqrt(2.0));
  }

  /** Pr(U >= u) under the null, exact (no ties), by the Gaussian binomial coefficients. */
  static double mannWhitneyExactSf(long u, int n1, int n2) {
    int m = Math.min(n1, n2);
    int n = Math.max(n1, n2);
    long total = (long) m * n;
    long kmax = total - u; // Pr(U >= u) = Pr(U <= mn - u) by symmetry
    if (kmax < 0) {
      return 0.0;
    }
    int size = (int) Math.min(kmax, total) + 1;
    double[] c = new double[size];
    c[0] = 1.0; // [n + 0 choose 0]_q = 1
    for (int i = 1; i <= m; i++) {
      // multiply by (1 - q^(n+i)), then divide by (1 - q^i), truncated at kmax
      int shift = n + i;
      for (int k = size - 1; k >= shift; k--) {
        c[k] -= c[k - shift];
      }
      for (int k = i; k < size; k++) {
        c[k] += c[k - i];
      }
    }
    double cum = 0.0;
    for (double v : c) {
      cum += v;
    }
    // divide by binom(m + n, m)
    double logBinom =
        Gamma.logGamma(m + n + 1.0) - Gamma.logGamma(m + 1.0) - Gamma.logGamma(n + 1.0);
    return cum / Math.exp(logBinom);
  }

  // ------------------------------------------------------------------ Welch

  /** {t, two-sided p} as scipy.stats.ttest_ind(x, y, equal_var=False). */
  static double[] welch(double[] x, double[] y) {
    int n1 = x.length;
    int n2 = y.length;
    double m1 = mean(x);
    double m2 = mean(y);
    double v1 = variance(x, m1) / n1;
    double v2 = variance(y, m2) / n2;
    double denom = Math.sqrt(v1 + v2);
    if (denom == 0.0) {
      // both samples constant: scipy gives NaN (equal means) or +-inf with p = 0
      return m1 == m2 ? new double[] {0.0, 1.0} : new double[] {m1 > m2
          ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY, 0.0};
    }
    double df = (v1 + v2) * (v1 + v2) / (v1 * v1 / (n1 - 1) + v2 * v2 / (n2 - 1));
    double t = (m1 - m2) / denom;
    double p = Beta.regularizedBeta(df / (df + t * t), df / 2.0, 0.5);
    return new double[] {t, Math.min(1.0, Math.max(0.0, p))};
  }

  static double mean(double[] x) {
    double sum = 0.0;
    for (double v : x) {
      sum += v;
    }
    return sum / x.length;
  }

  private static double variance(double[] x, double mean) {
    double ss = 0.0;
    for (double v : x) {
      double d = v - mean;
      ss += d * d;
    }
    return ss / (x.length - 1);
  }

  // ------------------------------------------------------------------ Anderson–Darling

  private static final double[] AD_SIG = {0.25, 0.1, 0.05, 0.025, 0.01, 0.005, 0.001};
  private static final double[] AD_B0 = {0.675, 1.281, 1.645, 1.96, 2.326, 2.573, 3.085};
  private static final double[] AD_B1 = {-0.245, 0.25, 0.678, 1.149, 1.822, 2.364, 3.615};
  private static final double[] AD_B2 = {-0.105, -0.305, -0.362, -0.391, -0.396, -0.345, -0.154};

  /** {standardized A2akN, interpolated p capped to [0.001, 0.25]} as scipy anderson_ksamp. */
  static double[] andersonDarling(double[] x, double[] y) {
    int n1 = x.length;
    int n2 = y.length;
    int bigN = n1 + n2;
    // distinct values of the pooled sample with their multiplicities per sample
    double a2 = 0.0;
    double[] inner = new double[2];
    int i = 0;
    int j = 0;
    long left = 0; // number of pooled values below the current distinct value
    long m1Right = 0;
    long m2Right = 0;
    while (i < n1 || j < n2) {
      double v = (i < n1 && (j >= n2 || x[i] <= y[j])) ? x[i] : y[j];
      int f1 = 0;
      int f2 = 0;
      while (i < n1 && x[i] <= v) {
        i++;
        f1++;
      }
      while (j < n2 && y[j] <= v) {
        j++;
        f2++;
      }
      m1Right += f1;
      m2Right += f2;
      double lj = f1 + f2;
      double bj = left + lj / 2.0;
      double mij1 = m1Right - f1 / 2.0;
      double mij2 = m2Right - f2 / 2.0;
      double den = bj * (bigN - bj) - bigN * lj / 4.0;
      inner[0] += lj / bigN * Math.pow(bigN * mij1 - bj * n1, 2) / den;
      inner[1] += lj / bigN * Math.pow(bigN * mij2 - bj * n2, 2) / den;
      left += f1 + f2;
    }
    a2 = inner[0] / n1 + inner[1] / n2;
    a2 *= (bigN - 1.0) / bigN;
    int k = 2;
    double h1 = 1.0 / n1 + 1.0 / n2;
    double hsum = 0.0; // cumulative sums of 1/(N-1), 1/(N-2), ..., 1/2
    double g = 0.0;
    // hs_cs = cumsum(1 / arange(N - 1, 1, -1)); g = sum(hs_cs / arange(2, N))
    double[] hs = new double[bigN - 2];
    for (int q = 0; q < bigN - 2; q++) {
      hsum += 1.0 / (bigN - 1 - q);
      hs[q] = hsum;
    }
    for (int q = 0; q < bigN - 2; q++) {
      g += hs[q] / (2 + q);
    }
    double h = hs[bigN - 3] + 1;
    double bigH = h1;
    double a = (4 * g - 6) * (k - 1) + (10 - 6 * g) * bigH;
    double b = (2 * g - 4) * k * k + 8 * h * k + (2 * g - 14 * h - 4) * bigH - 8 * h + 4 * g - 6;
    double c = (6 * h + 2 * g - 2) * k * k + (4 * h - 4 * g + 6) * k + (2 * h - 6) * bigH + 4 * h;
    double d = (2 * h + 6) * k * k - 4 * h * k;
    double n = bigN;
    double sigmasq =
        (a * n * n * n + b * n * n + c * n + d) / ((n - 1.0) * (n - 2.0) * (n - 3.0));
    int m = k - 1;
    double stat = (a2 - m) / Math.sqrt(sigmasq);
    double[] critical = new double[7];
    double cmin = Double.POSITIVE_INFINITY;
    double cmax = Double.NEGATIVE_INFINITY;
    for (int q = 0; q < 7; q++) {
      critical[q] = AD_B0[q] + AD_B1[q] / Math.sqrt(m) + AD_B2[q] / m;
      cmin = Math.min(cmin, critical[q]);
      cmax = Math.max(cmax, critical[q]);
    }
    double p;
    if (stat < cmin) {
      p = 0.25;
    } else if (stat > cmax) {
      p = 0.001;
    } else {
      double[] logSig = new double[7];
      for (int q = 0; q < 7; q++) {
        logSig[q] = Math.log(AD_SIG[q]);
      }
      double[] coef = quadraticFit(critical, logSig);
      p = Math.exp((coef[0] * stat + coef[1]) * stat + coef[2]);
    }
    return new double[] {stat, p};
  }

  /** Least-squares quadratic {a, b, c} with y ~ a x^2 + b x + c (np.polyfit degree 2). */
  static double[] quadraticFit(double[] x, double[] y) {
    // Solve via QR of the (centered) Vandermonde matrix for accuracy.
    int n = x.length;
    double[][] v = new double[n][3];
    for (int i = 0; i < n; i++) {
      v[i][0] = x[i] * x[i];
      v[i][1] = x[i];
      v[i][2] = 1.0;
    }
    org.apache.commons.math3.linear.RealMatrix a =
        new org.apache.commons.math3.linear.Array2DRowRealMatrix(v, false);
    org.apache.commons.math3.linear.DecompositionSolver solver =
        new org.apache.commons.math3.linear.QRDecomposition(a).getSolver();
    return solver.solve(new org.apache.commons.math3.linear.ArrayRealVector(y)).toArray();
  }

  // ------------------------------------------------------------------ Cramér–von Mises

  /** {T, p} as scipy.stats.cramervonmises_2samp(x, y, method='auto'). */
  static double[] cramerVonMises(double[] x, double[] y) {
    int nx = x.length;
    int ny = y.length;
    // u = nx * sum((rx - (1..nx))^2) + ny * sum((ry - (1..ny))^2), average ranks of the pool
    double ux = 0.0;
    double uy = 0.0;
    int i = 0;
    int j = 0;
    long rank = 0;
    while (i < nx || j < ny) {
      double v = (i < nx && (j >= ny || x[i] <= y[j])) ? x[i] : y[j];
      int startI = i;
      int startJ = j;
      while (i < nx && x[i] <= v) {
        i++;
      }
      while (j < ny && y[j] <= v) {
        j++;
      }
      long t = (i - startI) + (j - startJ);
      double average = rank + (t + 1) / 2.0;
      for (int q = startI; q < i; q++) {
        double d = average - (q + 1);
        ux += d * d;
      }
      for (int q = startJ; q < j; q++) {
        double d = average - (q + 1);
        uy += d * d;
      }
      rank += t;
    }
    double u = nx * ux + ny * uy;
    double k = (double) nx * ny;
    double bigN = (double) nx + ny;
    double t = u / (k * bigN) - (4 * k - 1) / (6 * bigN);
    double p;
    if (Math.max(nx, ny) <= 20) {
      p = cvmExactSf(u, nx, ny);
    } else {
      double et = (1 + 1 / bigN) / 6;
      double vt = (bigN + 1) * (4 * k * bigN - 3 * ((double) nx * nx + (double) ny * ny) - 2 * k);
      vt = vt / (45 * bigN * bigN * 4 * k);
      double tn = 1.0 / 6 + (t - et) / Math.sqrt(45 * vt);
      if (tn < 0.003) {
        p = 1.0;
      } else {
        p = Math.max(0, 1.0 - cvmInfCdf(tn));
      }
    }
    return new double[] {t, Math.min(1.0, p)};
  }

  /** Csörgő–Faraway series for the limiting CvM cdf, terms added until below 1e-7 (scipy). */
  static double cvmInfCdf(double x) {
    double total = 0.0;
    for (int k = 0; ; k++) {
      double u =
          Math.exp(Gamma.logGamma(k + 0.5) - Gamma.logGamma(k + 1.0))
              / (Math.pow(Math.PI, 1.5) * Math.sqrt(x));
      double y = 4 * k + 1;
      double q = y * y / (16 * x);
      double z = u * Math.sqrt(y) * Math.exp(-q) * besselK(0.25, q);
      total += z;
      if (!(Math.abs(z) >= 1e-7)) {
        return total;
      }
    }
  }

  /**
   * Modified Bessel function of the second kind K_nu(x), x > 0, by the trapezoidal rule on
   * {@code integral_0^inf exp(-x cosh t) cosh(nu t) dt}, which converges geometrically fast for
   * this analytic, doubly exponentially decaying integrand.
   */
  static double besselK(double nu, double x) {
    double h = 0.02;
    double sum = 0.5 * Math.exp(-x);
    for (int i = 1; ; i++) {
      double t = i * h;
      double term = Math.exp(-x * Math.cosh(t)) * Math.cosh(nu * t);
      sum += term;
      if (term < 1e-18 * sum || term == 0.0) {
        break;
      }
    }
    return sum * h;
  }

  /**
   * Exact Pr(U >= u) of the two-sample CvM criterion (Xiao, Gordon and Yakovlev's recursion, as
   * scipy _pval_cvm_2samp_exact).
   */
  static double cvmExactSf(double s, int m, int n) {
    long g = gcd(m, n);
    long lcm = (long) m / g * n;
    long a = lcm / m;
    long b = lcm / n;
    double mn = (double) m * n;
    double zeta =
        Math.floor(
            (double) lcm * lcm * (m + n) * (6 * s - mn * (4 * mn - 1)) / (6 * mn * mn));
    // gs[v]: sorted values and their frequencies
    long[][] values = new long[m + 1][];
    long[][] freqs = new long[m + 1][];
    values[0] = new long[] {0};
    freqs[0] = new long[] {1};
    for (int v = 1; v <= m; v++) {
      values[v] = new long[0];
      freqs[v] = new long[0];
    }
    for (int u = 0; u <= n; u++) {
      long[] tmpV = new long[0];
      long[] tmpF = new long[0];
      long[][] nextV = new long[m + 1][];
      long[][] nextF = new long[m + 1][];
      for (int v = 0; v <= m; v++) {
        long[][] merged = mergeCounts(tmpV, tmpF, values[v], freqs[v]);
        tmpV = merged[0];
        tmpF = merged[1];
        long shift = (a * v - b * u) * (a * v - b * u);
        for (int q = 0; q < tmpV.length; q++) {
          tmpV[q] += shift;
        }
        nextV[v] = tmpV;
        nextF[v] = tmpF;
      }
      values = nextV;
      freqs = nextF;
    }
    double hits = 0.0;
    for (int q = 0; q < values[m].length; q++) {
      if (values[m][q] >= zeta) {
        hits += freqs[m][q];
      }
    }
    long combinations = 1; // binom(m + n, m), exact: m, n <= 20 here
    for (int q = 1; q <= m; q++) {
      combinations = combinations * (n + q) / q;
    }
    return hits / combinations;
  }

  private static long[][] mergeCounts(long[] av, long[] af, long[] bv, long[] bf) {
    long[] v = new long[av.length + bv.length];
    long[] f = new long[av.length + bv.length];
    int i = 0;
    int j = 0;
    int k = 0;
    while (i < av.length || j < bv.length) {
      if (j >= bv.length || (i < av.length && av[i] < bv[j])) {
        v[k] = av[i];
        f[k++] = af[i++];
      } else if (i >= av.length || bv[j] < av[i]) {
        v[k] = bv[j];
        f[k++] = bf[j++];
      } else {
        v[k] = av[i];
        f[k++] = af[i++] + bf[j++];
      }
    }
    return new long[][] {Arrays.copyOf(v, k), Arrays.copyOf(f, k)};
  }

  static long gcd(long a, long b) {
    while (b != 0) {
      long t = a % b;
      a = b;
      b = t;
    }
    return a;
  }

  // ------------------------------------------------------------------ Epps–Singleton

  /** {W, p} as scipy.stats.epps_singleton_2samp(x, y) with t = (0.4, 0.8); null if sigma is 0. */
  static double[] eppsSingleton(double[] x, double[] y) {
    int nx = x.length;
    int ny = y.length;
    double n = (double) nx + ny;
    double[] pooled = new double[nx + ny];
    int i = 0;
    int j = 0;
    int k = 0;
    while (i < nx || j < ny) {
      pooled[k++] = (j >= ny || (i < nx && x[i] <= y[j])) ? x[i++] : y[j++];
    }
    double sigma = (percentile(pooled, 75) - percentile(pooled, 25)) / 2;
    if (!(sigma > 0)) {
      return null;
    }
    double[] ts = {0.4 / sigma, 0.8 / sigma};
    double[][] gx = features(x, ts);
    double[][] gy = features(y, ts);
    double[] meanX = columnMeans(gx);
    double[] meanY = columnMeans(gy);
    double[][] covX = biasedCov(gx, meanX);
    double[][] covY = biasedCov(gy, meanY);
    double[][] est = new double[4][4];
    for (int r = 0; r < 4; r++) {
      for (int c = 0; c < 4; c++) {
        est[r][c] = (n / nx) * covX[r][c] + (n / ny) * covY[r][c];
      }
    }
    org.apache.commons.math3.linear.RealMatrix estM =
        new org.apache.commons.math3.linear.Array2DRowRealMatrix(est, false);
    // numpy pinv: singular values below 1e-15 * max are dropped
    org.apache.commons.math3.linear.SingularValueDecomposition svd =
        new org.apache.commons.math3.linear.SingularValueDecomposition(estM);
    double[] sv = svd.getSingularValues();
    double cutoff = 1e-15 * sv[0];
    org.apache.commons.math3.linear.RealMatrix u = svd.getU();
    org.apache.commons.math3.linear.RealMatrix vt = svd.getVT();
    double[][] inv = new double[4][4];
    for (int q = 0; q < sv.length; q++) {
      if (sv[q] <= cutoff) {
        continue;
      }
      for (int r = 0; r < 4; r++) {
        for (int c = 0; c < 4; c++) {
          inv[r][c] += vt.getEntry(q, r) * u.getEntry(c, q) / sv[q];
        }
      }
    }
    // rank of the pseudo-inverse as numpy matrix_rank: singular values above max * 4 * eps
    double[] isv =
        new org.apache.commons.math3.linear.SingularValueDecomposition(
                new org.apache.commons.math3.linear.Array2DRowRealMatrix(inv, false))
            .getSingularValues();
    double tol = isv[0] * 4 * Math.ulp(1.0);
    int rank = 0;
    for (double v : isv) {
      if (v > tol) {
        rank++;
      }
    }
    double[] diff = new double[4];
    for (int q = 0; q < 4; q++) {
      diff[q] = meanX[q] - meanY[q];
    }
    double w = 0.0;
    for (int r = 0; r < 4; r++) {
      double row = 0.0;
      for (int c = 0; c < 4; c++) {
        row += inv[r][c] * diff[c];
      }
      w += diff[r] * row;
    }
    w *= n;
    if (Math.max(nx, ny) < 25) {
      double corr = 1.0 / (1.0 + Math.pow(n, -0.45) + 10.1 * (Math.pow(nx, -1.7)
          + Math.pow(ny, -1.7)));
      w = corr * w;
    }
    double p = rank == 0 ? 1.0 : CategoricalStatistics.chiSquareSf(Math.max(0.0, w), rank);
    return new double[] {w, p};
  }

  /** numpy's percentile with linear interpolation on a sorted array. */
  static double percentile(double[] sorted, double q) {
    double h = (sorted.length - 1) * (q / 100.0);
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, sorted.length - 1);
    double t = h - lo;
    double a = sorted[lo];
    double b = sorted[hi];
    double diff = b - a;
    return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
  }

  private static double[][] features(double[] x, double[] ts) {
    double[][] g = new double[x.length][4];
    for (int i = 0; i < x.length; i++) {
      g[i][0] = Math.cos(ts[0] * x[i]);
      g[i][1] = Math.cos(ts[1] * x[i]);
      g[i][2] = Math.sin(ts[0] * x[i]);
      g[i][3] = Math.sin(ts[1] * x[i]);
    }
    return g;
  }

  private static double[] columnMeans(double[][] g) {
    double[] m = new double[4];
    for (double[] row : g) {
      for (int c = 0; c < 4; c++) {
        m[c] += row[c];
      }
    }
    for (int c = 0; c < 4; c++) {
      m[c] /= g.length;
    }
    return m;
  }

  private static double[][] biasedCov(double[][] g, double[] mean) {
    double[][] cov = new double[4][4];
    for (double[] row : g) {
      for (int r = 0; r < 4; r++) {
        double dr = row[r] - mean[r];
        for (int c = 0; c < 4; c++) {
          cov[r][c] += dr * (row[c] - mean[c]);
        }
      }
    }
    for (int r = 0; r < 4; r++) {
      for (int c = 0; c < 4; c++) {
        cov[r][c] /= g.length;
      }
    }
    return cov;
  }

  // ------------------------------------------------------------------ Fisher

  /** {odds ratio (1 when undefined), two-sided p} as scipy.stats.fisher_exact([[a, b], [c, d]]). */
  static double[] fisherExact(long a, long b, long c, long d) {
    if (a + b == 0 || c + d == 0 || a + c == 0 || b + d == 0) {
      return new double[] {1.0, 1.0};
    }
    double oddsRatio =
        (c > 0 && b > 0) ? ((double) a * d) / ((double) c * b) : Double.POSITIVE_INFINITY;
    long n1 = a + b;
    long n2 = c + d;
    long n = a + c;
    long total = n1 + n2;
    long lo = Math.max(0, n - n2);
    long hi = Math.min(n1, n);
    double[] pmf = new double[(int) (hi - lo + 1)];
    double logDenominator = logBinomial(total, n);
    for (long x = lo; x <= hi; x++) {
      pmf[(int) (x - lo)] =
          Math.exp(logBinomial(n1, x) + logBinomial(n2, n - x) - logDenominator);
    }
    long mode = (long) (((double) (n + 1) * (n1 + 1)) / (total + 2));
    double pexact = pmf[(int) (a - lo)];
    double pmode = pmf[(int) (mode - lo)];
    double epsilon = 1e-14;
    double gamma = 1 + epsilon;
    double p;
    if (Math.abs(pexact - pmode) / Math.max(pexact, pmode) <= epsilon) {
      return new double[] {oddsRatio, 1.0};
    } else if (a < mode) {
      double plower = sumRange(pmf, lo, lo, a);
      if (pmfAt(pmf, lo, hi, n) > pexact * gamma) {
        return new double[] {oddsRatio, Math.min(1.0, plower)};
      }
      long guess = binarySearch(pmf, lo, hi, -pexact * gamma, mode, n, true);
      p = plower + sumRange(pmf, lo, guess + 1, hi);
    } else {
      double pupper = sumRange(pmf, lo, a, hi);
      if (pmfAt(pmf, lo, hi, 0) > pexact * gamma) {
        return new double[] {oddsRatio, Math.min(1.0, pupper)};
      }
      long guess = binarySearch(pmf, lo, hi, pexact * gamma, 0, mode, false);
      p = pupper + sumRange(pmf, lo, lo, guess);
    }
    return new double[] {oddsRatio, Math.min(1.0, p)};
  }

  private static double pmfAt(double[] pmf, long lo, long hi, long x) {
    return x < lo || x > hi ? 0.0 : pmf[(int) (x - lo)];
  }

  private static double sumRange(double[] pmf, long lo, long from, long to) {
    double sum = 0.0;
    for (long x = Math.max(from, lo); x <= to && x - lo < pmf.length; x++) {
      sum += pmf[(int) (x - lo)];
    }
    return sum;
  }

  /** scipy's _binary_search_for_binom_tst over pmf (negated when {@code negate}). */
  private static long binarySearch(
      double[] pmf, long lo, long hi, double d, long from, long to, boolean negate) {
    long a = from;
    long b = to;
    while (a < b) {
      long mid = a + (b - a) / 2;
      double midval = negate ? -pmfAt(pmf, lo, hi, mid) : pmfAt(pmf, lo, hi, mid);
      if (midval < d) {
        a = mid + 1;
      } else if (midval > d) {
        b = mid - 1;
      } else {
        return mid;
      }
    }
    double at = negate ? -pmfAt(pmf, lo, hi, a) : pmfAt(pmf, lo, hi, a);
    return at <= d ? a : a - 1;
  }

  private static double logBinomial(long n, long k) {
    if (k < 0 || k > n) {
      return Double.NEGATIVE_INFINITY;
    }
    return Gamma.logGamma(n + 1.0) - Gamma.logGamma(k + 1.0) - Gamma.logGamma(n - k + 1.0);
  }
}
