package dev.mlops.monitoring.drift;

/**
 * Null distributions of the Kolmogorov–Smirnov statistics, following scipy 1.10's {@code
 * ks_2samp} (exact two-sample probabilities) and {@code kstwo.sf} / {@code _kolmogn} (the
 * one-sample two-sided distribution used by the asymptotic two-sample p-value). Stateless.
 */
final class KolmogorovDistribution {

  private static final double EP128 = Math.scalb(1.0, 128);
  private static final double EM128 = Math.scalb(1.0, -128);
  private static final double SQRT2PI = Math.sqrt(2 * Math.PI);
  private static final double LOG_2PI = Math.log(2 * Math.PI);
  private static final double MIN_LOG = -708;
  private static final double LN2 = Math.log(2.0);
  private static final double SQRT3 = Math.sqrt(3);
  private static final double PI_SQUARED = Math.PI * Math.PI;
  private static final double PI_FOUR = PI_SQUARED * PI_SQUARED;
  private static final double PI_SIX = PI_FOUR * PI_SQUARED;
  private static final double[] STIRLING_COEFFS = {
    -2.955065359477124183e-2, 6.4102564102564102564e-3,
    -1.9175269175269175269e-3, 8.4175084175084175084e-4,
    -5.952380952380952381e-4, 7.9365079365079365079e-4,
    -2.7777777777777777778e-3, 8.3333333333333333333e-2
  };
  /** Beyond this n, scipy's smirnov uses an approximation instead of the exact sum. */
  private static final int SMIRNOV_MAX_COMPUTE_N = 1_000_000;

  private KolmogorovDistribution() {}

  /** Pr(D_{n,n} >= h/n) for two samples of equal size n (scipy _compute_prob_outside_square). */
  static double probOutsideSquare(long n, long h) {
    double p = 0.0;
    long k = (long) Math.floor((double) n / h);
    while (k >= 0) {
      double p1 = 1.0;
      for (long j = 0; j < h; j++) {
        p1 = (n - k * h - j) * p1 / (n + k * h + j + 1);
      }
      p = p1 * (1.0 - p);
      k--;
    }
    return 2 * p;
  }

  /**
   * Proportion of lattice paths from (0,0) to (m,n) that leave the band |x/m - y/n| < h/lcm,
   * computed directly as 1 - inside (Hodges' inside method, Viehmann's recursion; scipy
   * _compute_outer_prob_inside_method).
   */
  static double outerProbInside(long m0, long n0, long g, long h) {
    long m = Math.max(m0, n0);
    long n = Math.min(m0, n0);
    long mg = m / g;
    long ng = n / g;
    int minj = 0;
    int maxj = (int) Math.min((long) Math.ceil((double) h / mg), n + 1);
    int curlen = maxj - minj;
    int lenA = (int) Math.min(2L * maxj + 2, n + 1);
    double[] a = new double[lenA];
    java.util.Arrays.fill(a, 1.0);
    java.util.Arrays.fill(a, minj, maxj, 0.0);
    // reciprocals of i + j: a multiplication per lattice point instead of a division (the values
    // differ from scipy's division in the last bit only)
    double[] inverse = new double[(int) (m + n + 1)];
    for (int q = 1; q < inverse.length; q++) {
      inverse[q] = 1.0 / q;
    }
    for (long i = 1; i <= m; i++) {
      int lastminj = minj;
      int lastlen = curlen;
      minj = (int) Math.max((long) Math.floor((double) (ng * i - h) / mg) + 1, 0);
      minj = (int) Math.min(minj, n);
      maxj = (int) Math.min((long) Math.ceil((double) (ng * i + h) / mg), n + 1);
      if (maxj <= minj) {
        return 1.0;
      }
      double val = minj == 0 ? 0.0 : 1.0;
      int offset = minj - lastminj;
      for (int jj = 0; jj < maxj - minj; jj++) {
        int j = jj + minj;
        val = (a[jj + offset] * i + val * j) * inverse[(int) (i + j)];
        a[jj] = val;
      }
      curlen = maxj - minj;
      if (lastlen > curlen) {
        java.util.Arrays.fill(a, maxj - minj, maxj - minj + (lastlen - curlen), 1.0);
      }
    }
    return a[maxj - minj - 1];
  }

  /** Survival function of the one-sample two-sided statistic D_n (scipy kstwo.sf). */
  static double kolmogornSf(long n, double x) {
    if (x >= 1.0) {
      return 0.0;
    }
    if (x <= 0.0) {
      return 1.0;
    }
    double t = n * x;
    if (t <= 1.0) {
      if (t <= 0.5) {
        return 1.0;
      }
      double prob;
      if (n <= 140) {
        prob = 1.0;
        double inv = 1.0 / n;
        for (long i = 1; i <= n; i++) {
          prob *= i * inv * (2 * t - 1);
        }
      } else {
        prob = Math.exp(logNFactorialDivNPowN(n) + n * Math.log(2 * t - 1));
      }
      return clip(1.0 - prob);
    }
    if (t >= n - 1) {
      return clip(2 * Math.pow(1.0 - x, n));
    }
    if (x >= 0.5) {
      return clip(2 * smirnovSf(n, x));
    }
    double nxsquared = t * x;
    if (n <= 140) {
      if (nxsquared <= 0.754693) {
        return clip(1.0 - durbinMatrixCdf(n, x));
      }
      if (nxsquared <= 4) {
        return clip(1.0 - pomeranzCdf((int) n, x));
      }
      return clip(2 * smirnovSf(n, x));
    }
    if (nxsquared >= 370.0) {
      return 0.0;
    }
    if (nxsquared >= 2.2) {
      return clip(2 * smirnovSf(n, x));
    }
    double cdf;
    if (n <= 100000 && n * Math.pow(x, 1.5) <= 1.4) {
      cdf = durbinMatrixCdf(n, x);
    } else {
      cdf = pelzGoodCdf(n, x);
    }
    return clip(1.0 - cdf);
  }

  private static double clip(double p) {
    return Math.min(1.0, Math.max(0.0, p));
  }

  private static double logNFactorialDivNPowN(long n) {
    double rn = 1.0 / n;
    double z = rn / n;
    double poly = 0.0;
    for (double c : STIRLING_COEFFS) {
      poly = poly * z + c;
    }
    return Math.log(n) / 2 - n + LOG_2PI / 2 + rn * poly;
  }

  /** Pr(D_n <= d) by Durbin's matrix, Marsaglia–Tsang–Wang variant (scipy _kolmogn_DMTW). */
  static double durbinMatrixCdf(long n, double d) {
    if (d >= 1.0) {
      return 1.0;
    }
    double nd = n * d;
    if (nd <= 0.5) {
      return 0.0;
    }
    int k = (int) Math.ceil(nd);
    double h = k - nd;
    int m = 2 * k - 1;
    double[][] hm = new double[m][m];
    double[] v = new double[m];
    double[] w = new double[m];
    double fac = 1.0;
    for (int j = 1; j <= m; j++) {
      v[j - 1] = 1.0 - Math.pow(h, j);
      w[j - 1] = fac;
      fac /= j;
      v[j - 1] *= fac;
    }
    double tt = Math.pow(Math.max(2 * h - 1.0, 0), m) - 2 * Math.pow(h, m);
    v[m - 1] = (1.0 + tt) * fac;
    for (int i = 1; i < m; i++) {
      for (int r = i - 1; r < m; r++) {
        hm[r][i] = w[r - (i - 1)];
      }
    }
    for (int r = 0; r < m; r++) {
      hm[r][0] = v[r];
    }
    for (int c = 0; c < m; c++) {
      hm[m - 1][c] = v[m - 1 - c];
    }
    double[][] pwr = new double[m][m];
    for (int i = 0; i < m; i++) {
      pwr[i][i] = 1.0;
    }
    long nn = n;
    int expnt = 0;
    int hexpnt = 0;
    while (nn > 0) {
      if (nn % 2 == 1) {
        pwr = multiply(pwr, hm);
        expnt += hexpnt;
      }
      hm = multiply(hm, hm);
      hexpnt *= 2;
      if (Math.abs(hm[k - 1][k - 1]) > EP128) {
        for (double[] row : hm) {
          for (int c = 0; c < m; c++) {
            row[c] /= EP128;
          }
        }
        hexpnt += 128;
      }
      nn /= 2;
    }
    double p = pwr[k - 1][k - 1];
    for (long i = 1; i <= n; i++) {
      p = i * p / n;
      if (Math.abs(p) < EM128) {
        p *= EP128;
        expnt -= 128;
      }
    }
    if (expnt != 0) {
      p = Math.scalb(p, expnt);
    }
    return clip(p);
  }

  private static double[][] multiply(double[][] a, double[][] b) {
    int m = a.length;
    double[][] c = new double[m][m];
    for (int i = 0; i < m; i++) {
      double[] ci = c[i];
      double[] ai = a[i];
      for (int l = 0; l < m; l++) {
        double ail = ai[l];
        if (ail == 0.0) {
          continue;
        }
        double[] bl = b[l];
        for (int j = 0; j < m; j++) {
          ci[j] += ail * bl[j];
        }
      }
    }
    return c;
  }

  private static int[] pomeranzJ1J2(int i, int n, int ll, int ceilf, int roundf) {
    int j1;
    int j2;
    if (i == 0) {
      j1 = -ll - ceilf - 1;
      j2 = ll + ceilf - 1;
    } else {
      int ip1div2 = (i + 1) / 2;
      int ip1mod2 = (i + 1) % 2;
      if (ip1mod2 == 0) {
        if (ip1div2 == n + 1) {
          j1 = n - ll - ceilf - 1;
          j2 = n + ll + ceilf - 1;
        } else {
          j1 = ip1div2 - 1 - ll - roundf - 1;
          j2 = ip1div2 + ll - 1 + ceilf - 1;
        }
      } else {
        j1 = ip1div2 - 1 - ll - 1;
        j2 = ip1div2 + ll + roundf - 1;
      }
    }
    return new int[] {Math.max(j1 + 2, 0), Math.min(j2, n)};
  }

  /** Python slice [start:stop) of an array, with Python's clamping of out-of-range bounds. */
  private static double[] slice(double[] a, int start, int stop) {
    int len = a.length;
    int s = start < 0 ? Math.max(start + len, 0) : Math.min(start, len);
    int e = stop < 0 ? Math.max(stop + len, 0) : Math.min(stop, len);
    if (e <= s) {
      return new double[0];
    }
    return java.util.Arrays.copyOfRange(a, s, e);
  }

  /** Pr(D_n <= x) by Pomeranz's recursion (scipy _kolmogn_Pomeranz). */
  static double pomeranzCdf(int n, double x) {
    double t = n * x;
    int ll = (int) Math.floor(t);
    double f = t - ll;
    double g = Math.min(f, 1.0 - f);
    int ceilf = f > 0 ? 1 : 0;
    int roundf = f > 0.5 ? 1 : 0;
    int npwrs = 2 * (ll + 1);
    double[] gpower = new double[npwrs];
    double[] twogpower = new double[npwrs];
    double[] onem2gpower = new double[npwrs];
    gpower[0] = 1.0;
    twogpower[0] = 1.0;
    onem2gpower[0] = 1.0;
    int expnt = 0;
    double gOverN = g / n;
    double twoGOverN = 2 * g / n;
    double oneMinusTwoGOverN = (1 - 2 * g) / n;
    for (int m = 1; m < npwrs; m++) {
      gpower[m] = gpower[m - 1] * gOverN / m;
      twogpower[m] = twogpower[m - 1] * twoGOverN / m;
      onem2gpower[m] = onem2gpower[m - 1] * oneMinusTwoGOverN / m;
    }
    double[] v0 = new double[npwrs];
    double[] v1 = new double[npwrs];
    v1[0] = 1;
    int v0s = 0;
    int v1s = 0;
    int[] jj = pomeranzJ1J2(0, n, ll, ceilf, roundf);
    int j1 = jj[0];
    int j2 = jj[1];
    for (int i = 1; i < 2 * n + 2; i++) {
      int k1 = j1;
      double[] swap = v0;
      v0 = v1;
      v1 = swap;
      int swaps = v0s;
      v0s = v1s;
      v1s = swaps;
      java.util.Arrays.fill(v1, 0.0);
      jj = pomeranzJ1J2(i, n, ll, ceilf, roundf);
      j1 = jj[0];
      j2 = jj[1];
      double[] pwrs;
      if (i == 1 || i == 2 * n + 1) {
        pwrs = gpower;
      } else {
        pwrs = i % 2 == 1 ? twogpower : onem2gpower;
      }
      int ln2 = j2 - k1 + 1;
      if (ln2 > 0) {
        double[] a = slice(v0, k1 - v0s, k1 - v0s + ln2);
        double[] b = slice(pwrs, 0, ln2);
        double[] conv = convolve(a, b);
        int convStart = j1 - k1;
        int convLen = j2 - j1 + 1;
        double[] part = slice(conv, convStart, convStart + convLen);
        System.arraycopy(part, 0, v1, 0, Math.min(part.length, v1.length));
        double max = Double.NEGATIVE_INFINITY;
        for (double value : v1) {
          max = Math.max(max, value);
        }
        if (0 < max && max < EM128) {
          for (int q = 0; q < v1.length; q++) {
            v1[q] *= EP128;
          }
          expnt -= 128;
        }
        v1s = v0s + j1 - k1;
      }
    }
    double ans = v1[n - v1s];
    for (int m = 1; m <= n; m++) {
      if (Math.abs(ans) > EP128) {
        ans *= EM128;
        expnt += 128;
      }
      ans *= m;
    }
    if (expnt != 0) {
      ans = Math.scalb(ans, expnt);
    }
    return clip(ans);
  }

  private static double[] convolve(double[] a, double[] b) {
    if (a.length == 0 || b.length == 0) {
      return new double[0];
    }
    double[] out = new double[a.length + b.length - 1];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < b.length; j++) {
        out[i + j] += a[i] * b[j];
      }
    }
    return out;
  }

  /** Pelz–Good approximation of Pr(D_n <= x) (scipy _kolmogn_PelzGood). */
  static double pelzGoodCdf(long n, double x) {
    if (x <= 0.0) {
      return 0.0;
    }
    if (x >= 1.0) {
      return 1.0;
    }
    double z = Math.sqrt(n) * x;
    double zsquared = z * z;
    double zthree = zsquared * z;
    double zfour = zsquared * zsquared;
    double zsix = zfour * zsquared;
    double qlog = -PI_SQUARED / 8 / zsquared;
    if (qlog < MIN_LOG) {
      return 0.0;
    }
    double q = Math.exp(qlog);
    double k1a = -zsquared;
    double k1b = PI_SQUARED / 4;
    double k2a = 6 * zsix + 2 * zfour;
    double k2b = (2 * zfour - 5 * zsquared) * PI_SQUARED / 4;
    double k2c = PI_FOUR * (1 - 2 * zsquared) / 16;
    double k3d = PI_SIX * (5 - 30 * zsquared) / 64;
    double k3c = PI_FOUR * (-60 * zsquared + 212 * zfour) / 16;
    double k3b = PI_SQUARED * (135 * zfour - 96 * zsix) / 4;
    double k3a = -30 * zsix - 90 * Math.pow(z, 8);
    double[] k0to3 = new double[4];
    int maxk = (int) Math.ceil(16 * z / Math.PI);
    for (int k = maxk; k > 0; k--) {
      double m = 2 * k - 1;
      double msquared = m * m;
      double mfour = msquared * msquared;
      double msix = mfour * msquared;
      double qpower = Math.pow(q, 8 * k);
      double[] coeffs = {
        1.0,
        k1a + k1b * msquared,
        k2a + k2b * msquared + k2c * mfour,
        k3a + k3b * msquared + k3c * mfour + k3d * msix
      };
      for (int i = 0; i < 4; i++) {
        k0to3[i] = k0to3[i] * qpower + coeffs[i];
      }
    }
    double[] div = {z, 6 * zfour, 72 * Math.pow(z, 7), 6480 * Math.pow(z, 10)};
    for (int i = 0; i < 4; i++) {
      k0to3[i] = k0to3[i] * q * SQRT2PI / div[i];
    }
    q = Math.exp(-PI_SQUARED / 2 / zsquared);
    double sqrt3z = SQRT3 * z;
    double k2extra = 0;
    double k3extra = 0;
    for (int k = maxk; k > 0; k--) {
      double ksq = (double) k * k;
      double qp = Math.pow(q, ksq);
      double kspi = Math.PI * k;
      k2extra += ksq * qp;
      k3extra += (sqrt3z + kspi) * (sqrt3z - kspi) * ksq * qp;
    }
    k2extra *= PI_SQUARED * SQRT2PI / (-36 * zthree);
    k3extra *= PI_SQUARED * SQRT2PI / (216 * zsix);
    k0to3[2] += k2extra;
    k0to3[3] += k3extra;
    double sum = 0;
    for (int i = 0; i < 4; i++) {
      sum += k0to3[i] / Math.pow(n, i / 2.0);
    }
    return sum;
  }

  /**
   * One-sided Smirnov survival function Pr(D_n^+ >= x), by the Birnbaum–Tingey sum (scipy
   * special.smirnov; scipy sums in double-double arithmetic, this sum runs in doubles, which
   * agrees to about 1e-10 relative at n = 500,000 and better for smaller n).
   */
  static double smirnovSf(long nl, double x) {
    if (!(x >= 0.0 && x <= 1.0)) {
      return Double.NaN;
    }
    int n = (int) nl;
    if (n == 1) {
      return 1 - x;
    }
    if (x == 0.0) {
      return 1.0;
    }
    if (x == 1.0) {
      return 0.0;
    }
    double nx = n * x;
    int nxfl = (int) Math.floor(nx);
    double alpha = nx - nxfl;
    if (nxfl == 0 || (nxfl == 1 && alpha == 0)) {
      return 1 - x * Math.pow(1 + x, n - 1);
    }
    if (-2.0 * n * x * x < MIN_LOG) {
      return 0.0;
    }
    if (nxfl >= n - 1) {
      return Math.pow(1 - x, n);
    }
    if (n > SMIRNOV_MAX_COMPUTE_N) {
      double logp = -Math.pow(6.0 * n * x + 1, 2) / 18.0 / n;
      return logp < -Math.log(2) ? Math.exp(logp) : 1 - (-Math.expm1(logp));
    }
    int nTerms = n - nxfl - (alpha == 0 ? 0 : 1) + 1;
    if (alpha == 0) {
      nTerms -= 1;
    }
    // A_v = C(n, v) (1 - x - v/n)^(n-v) (x + v/n)^(v-1); sf = x * sum_v A_v. The binomial is
    // kept as mantissa * 2^exponent and updated by multiplication (a running sum of logarithms
    // drifts by ~1e-9 over 10^5 terms); the powers go through logarithms, with 1 - x - v/n
    // formed from an exact n*x.
    double nxHi = n * x;
    double nxLo = Math.fma(n, x, -nxHi);
    double cman = 1.0;
    long cexp = 0;
    double sum = 0.0;
    for (int v = 0; v < nTerms; v++) {
      double base2 = (((double) (n - v) - nxHi) - nxLo) / n;
      double base1 = x + (double) v / n;
      double logA =
          Math.log(cman) + cexp * LN2 + (n - v) * Math.log(base2) + (v - 1) * Math.log(base1);
      double a = Math.exp(logA);
      sum += a;
      if (a != 0.0 && 4.0 * (nTerms - v) * a < Math.ulp(1.0) * sum && v != nTerms - 1) {
        break;
      }
      if (a == 0.0 && v > n / 2) {
        break;
      }
      cman *= (double) (n - v) / (v + 1);
      int e = Math.getExponent(cman);
      cman = Math.scalb(cman, -e);
      cexp += e;
    }
    return clip(x * sum);
  }
}
