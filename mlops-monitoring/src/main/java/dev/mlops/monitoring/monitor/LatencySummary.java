package dev.mlops.monitoring.monitor;

import java.util.Arrays;

/**
 * The latencies of one window: count, sum, exact minimum and maximum, and quantiles from a
 * log-linear histogram (values below 256 ns exact; larger ones within 0.4%: each is reported as
 * the midpoint of its bucket, 1/128 of its power of two wide, clamped to the exact min and max).
 *
 * <p>Immutable and thread-safe.
 */
public final class LatencySummary {
  private final long count;
  private final long sumNanos;
  private final long minNanos;
  private final long maxNanos;
  private final int[] buckets;
  private final long[] counts;

  LatencySummary(long count, long sumNanos, long minNanos, long maxNanos, int[] buckets, long[] counts) {
    this.count = count;
    this.sumNanos = sumNanos;
    this.minNanos = minNanos;
    this.maxNanos = maxNanos;
    this.buckets = buckets;
    this.counts = counts;
  }

  /**
   * Returns how many latencies the window holds.
   *
   * @return the count
   */
  public long count() {
    return count;
  }

  /**
   * Returns the exact sum of the latencies.
   *
   * @return nanoseconds
   */
  public long sumNanos() {
    return sumNanos;
  }

  /**
   * Returns the exact smallest latency.
   *
   * @return nanoseconds, 0 for an empty window
   */
  public long minNanos() {
    return minNanos;
  }

  /**
   * Returns the exact largest latency.
   *
   * @return nanoseconds, 0 for an empty window
   */
  public long maxNanos() {
    return maxNanos;
  }

  /**
   * Returns the mean latency.
   *
   * @return nanoseconds, 0 for an empty window
   */
  public double meanNanos() {
    return count == 0 ? 0.0 : (double) sumNanos / count;
  }

  /**
   * Returns a quantile (nearest rank: the smallest recorded value with at least {@code ceil(q·n)}
   * values at or below it), within the histogram's precision.
   *
   * @param q the quantile, in [0, 1]
   * @return nanoseconds, 0 for an empty window
   * @throws IllegalArgumentException if q is outside [0, 1] or NaN
   */
  public double quantileNanos(double q) {
    if (!(q >= 0 && q <= 1)) {
      throw new IllegalArgumentException("a quantile lies in [0, 1], got " + q);
    }
    if (count == 0) {
      return 0.0;
    }
    long rank = Math.max(1, (long) Math.ceil(q * count));
    long seen = 0;
    for (int i = 0; i < buckets.length; i++) {
      seen += counts[i];
      if (seen >= rank) {
        double mid = LatencyHistogram.lowerBound(buckets[i]) + (LatencyHistogram.width(buckets[i]) - 1) / 2.0;
        return Math.max(minNanos, Math.min(maxNanos, mid));
      }
    }
    return maxNanos;
  }

  int[] buckets() {
    return buckets;
  }

  long[] bucketCounts() {
    return counts;
  }

  LatencyHistogram toHistogram() {
    LatencyHistogram h = new LatencyHistogram();
    for (int i = 0; i < buckets.length; i++) {
      h.addBucket(buckets[i], counts[i]);
    }
    h.count = count;
    h.sum = sumNanos;
    if (count > 0) {
      h.min = minNanos;
      h.max = maxNanos;
    }
    return h;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LatencySummary s && s.count == count && s.sumNanos == sumNanos && s.minNanos == minNanos
        && s.maxNanos == maxNanos && Arrays.equals(s.buckets, buckets) && Arrays.equals(s.counts, counts);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(count) * 31 + Long.hashCode(sumNanos);
  }

  @Override
  public String toString() {
    return String.format("LatencySummary[n=%d, mean=%.0f ns, p50=%.0f ns, p99=%.0f ns, max=%d ns]", count,
        meanNanos(), quantileNanos(0.5), quantileNanos(0.99), maxNanos);
  }
}
