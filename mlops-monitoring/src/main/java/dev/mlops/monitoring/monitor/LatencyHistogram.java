package dev.mlops.monitoring.monitor;

import java.util.Arrays;

/**
 * A mergeable log-linear histogram of non-negative longs (latencies in nanoseconds): values below
 * 256 are counted exactly, larger ones in buckets 1/128 of their power of two wide (a bucket's
 * midpoint is within 0.4% of every value in it). Memory grows with the largest value seen, at most
 * 7,296 counters. Not thread-safe: the monitor's worker owns it.
 */
final class LatencyHistogram {
  static final int EXACT = 256;
  static final int SUB_BUCKETS = 128;

  long[] counts = new long[0];
  long count;
  long sum;
  long min = Long.MAX_VALUE;
  long max = Long.MIN_VALUE;

  static int index(long v) {
    if (v < EXACT) {
      return (int) v;
    }
    int e = 63 - Long.numberOfLeadingZeros(v);
    int sub = (int) ((v >>> (e - 7)) & (SUB_BUCKETS - 1));
    return EXACT + (e - 8) * SUB_BUCKETS + sub;
  }

  static long lowerBound(int idx) {
    if (idx < EXACT) {
      return idx;
    }
    int e = (idx - EXACT) / SUB_BUCKETS + 8;
    int sub = (idx - EXACT) % SUB_BUCKETS;
    return (long) (SUB_BUCKETS + sub) << (e - 7);
  }

  static long width(int idx) {
    if (idx < EXACT) {
      return 1;
    }
    int e = (idx - EXACT) / SUB_BUCKETS + 8;
    return 1L << (e - 7);
  }

  void add(long v) {
    int i = index(v);
    if (i >= counts.length) {
      counts = Arrays.copyOf(counts, Math.max(i + 1, Math.min(counts.length * 2, 7296)));
    }
    counts[i]++;
    count++;
    sum += v;
    if (v < min) {
      min = v;
    }
    if (v > max) {
      max = v;
    }
  }

  void addBucket(int idx, long n) {
    if (idx >= counts.length) {
      counts = Arrays.copyOf(counts, idx + 1);
    }
    counts[idx] += n;
  }

  void merge(LatencyHistogram o) {
    if (o.count == 0) {
      return;
    }
    if (o.counts.length > counts.length) {
      counts = Arrays.copyOf(counts, o.counts.length);
    }
    for (int i = 0; i < o.counts.length; i++) {
      counts[i] += o.counts[i];
    }
    count += o.count;
    sum += o.sum;
    min = Math.min(min, o.min);
    max = Math.max(max, o.max);
  }

  LatencySummary summary() {
    int n = 0;
    for (long c : counts) {
      if (c != 0) {
        n++;
      }
    }
    int[] idx = new int[n];
    long[] cs = new long[n];
    int j = 0;
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] != 0) {
        idx[j] = i;
        cs[j++] = counts[i];
      }
    }
    return new LatencySummary(count, sum, count == 0 ? 0 : min, count == 0 ? 0 : max, idx, cs);
  }
}
