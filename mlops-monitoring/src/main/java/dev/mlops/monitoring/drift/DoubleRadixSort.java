package dev.mlops.monitoring.drift;

import java.util.Arrays;
import java.util.Objects;

/**
 * Sorts {@code double} arrays ascending with a least-significant-digit radix sort on the
 * IEEE-754 bit patterns, faster than {@link Arrays#sort(double[])} on large arrays.
 *
 * <p>Each value's bits are mapped to a {@code long} whose unsigned order is the numeric order
 * (flip every bit of a negative number, flip only the sign bit of a non-negative one), the keys
 * are sorted by 8 passes of 8 bits (a pass is skipped when every key has the same byte there),
 * and mapped back. The result equals {@link Arrays#sort(double[])} for every input without NaN,
 * including {@code -0.0} before {@code 0.0} and infinities at the ends; NaN (which this class
 * does not expect) would sort after positive infinity, as there. Arrays shorter than {@value
 * #SMALL} fall back to {@link Arrays#sort(double[])}.
 *
 * <pre>{@code
 * double[] sorted = DoubleRadixSort.sortedCopy(column);
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class DoubleRadixSort {

  /** Below this length the sort delegates to {@link Arrays#sort(double[])}. */
  public static final int SMALL = 1024;

  private DoubleRadixSort() {}

  /**
   * Returns a sorted copy of the values; the argument is not changed.
   *
   * @param values the values
   * @return a new ascending array
   * @throws NullPointerException if values is null
   */
  public static double[] sortedCopy(double[] values) {
    double[] copy = Objects.requireNonNull(values, "values").clone();
    sort(copy);
    return copy;
  }

  /**
   * Sorts the values ascending in place.
   *
   * @param values the values
   * @throws NullPointerException if values is null
   */
  public static void sort(double[] values) {
    Objects.requireNonNull(values, "values");
    int n = values.length;
    if (n < SMALL) {
      Arrays.sort(values);
      return;
    }
    long[] keys = new long[n];
    long[] buffer = new long[n];
    int[][] counts = new int[8][256];
    for (int i = 0; i < n; i++) {
      long bits = Double.doubleToRawLongBits(values[i]);
      // Negative: flip all bits; non-negative: flip the sign bit. Unsigned order = numeric order.
      long key = bits ^ ((bits >> 63) | Long.MIN_VALUE);
      keys[i] = key;
      for (int pass = 0; pass < 8; pass++) {
        counts[pass][(int) (key >>> (pass << 3)) & 0xFF]++;
      }
    }
    long[] from = keys;
    long[] to = buffer;
    for (int pass = 0; pass < 8; pass++) {
      int[] count = counts[pass];
      int shift = pass << 3;
      if (count[(int) (from[0] >>> shift) & 0xFF] == n) {
        continue; // every key has the same byte here
      }
      int sum = 0;
      for (int b = 0; b < 256; b++) {
        int c = count[b];
        count[b] = sum;
        sum += c;
      }
      for (int i = 0; i < n; i++) {
        long key = from[i];
        to[count[(int) (key >>> shift) & 0xFF]++] = key;
      }
      long[] swap = from;
      from = to;
      to = swap;
    }
    for (int i = 0; i < n; i++) {
      long key = from[i];
      long bits = key ^ ((~key >> 63) | Long.MIN_VALUE);
      values[i] = Double.longBitsToDouble(bits);
    }
  }
}
