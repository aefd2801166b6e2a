package dev.mlops.monitoring.experiment;

import dev.mlops.core.InvalidInputException;

/** Running moments of (y, x) pairs, shifted by the first pair. Thread-safe (synchronized). */
final class PairedMoments {
  private long n;
  private double shiftY;
  private double shiftX;
  private double sy;
  private double sx;
  private double syy;
  private double sxx;
  private double sxy;

  synchronized void add(double y, double x) {
    if (!Double.isFinite(y) || !Double.isFinite(x)) {
      throw new InvalidInputException("value", "A metric value and its covariate must be finite.");
    }
    if (n == 0) {
      shiftY = y;
      shiftX = x;
    }
    double dy = y - shiftY;
    double dx = x - shiftX;
    n++;
    sy += dy;
    sx += dx;
    syy += dy * dy;
    sxx += dx * dx;
    sxy += dx * dy;
  }

  synchronized PairedSummary summary() {
    if (n == 0) {
      return new PairedSummary(0, 0, 0, 0, 0, 0);
    }
    double my = sy / n;
    double mx = sx / n;
    double d = Math.max(1, n - 1);
    return new PairedSummary(n, shiftY + my, shiftX + mx, n > 1 ? Math.max(0, (syy - sy * my) / d) : 0,
        n > 1 ? Math.max(0, (sxx - sx * mx) / d) : 0, n > 1 ? (sxy - sx * my) / d : 0);
  }
}
