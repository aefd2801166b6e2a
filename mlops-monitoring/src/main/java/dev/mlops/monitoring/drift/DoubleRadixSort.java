package dev.mlops.monitoring.drift;

import java.util.Arrays;
import java.util.Objects;

/**
 * Sorts {@code double} arrays ascending with a least-significant-digit radix sort on the
 * IEEE-754 bit patterns, faster than {@link Arrays#sort(double[])} on large arrays.
 *
 * <p>Each value's bits are mapped to a {@code long} whose unsigned order is the numeric order
 * (flip every bit of a negative number, flip only the sign bit of a non-negative one), the keys
 * are sorted by 6 passes of 11 bits (a pass is skipped when every key has the same digit there),
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

  /** Bits per digit: 6 passes of 11 bits cover the 64-bit keys (the last pass has 9). */
  private static final int BITS = 11;

  private static final int RADIX = 1 << BITS;
  private static final int MASK = RADIX - 1;
  private static final int PASSES = (64 + BITS - 1) / BITS;

  private DoubleRadixSort() {}

  /**
   * Returns a sorted copy of the values; the argument is not changed.
   *
   * @param values the values
   * @return a new ascending array
   * @throws NullPointerException if values is null
   */
  public static double[] sortedCopy(double[] values) {
    Objects.requireNonNull(values, "values");
    double[] out = new double[values.length];
    if (values.length < SMALL) {
      System.arraycopy(values, 0, out, 0, values.length);
      Arrays.sort(out);
    } else {
      radixSort(values, out);
    }
    return out;
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
    radixSort(values, values);
  }

  /** Sorts {@code source} into {@code target} (which may be the same array). */
  private static void radixSort(double[] source, double[] target) {
    int n = source.length;
    long[] keys = new long[n];
    long[] buffer = new long[n];
    int[][] counts = new int[PASSES][RADIX];
    for (int i = 0; i < n; i++) {
      long bits = Double.doubleToRawLongBits(source[i]);
      // Negative: flip all bits; non-negative: flip the sign bit. Unsigned order = numeric order.
      long key = bits ^ ((bits >> 63) | Long.MIN_VALUE);
      keys[i] = key;
      for (int pass = 0; pass < PASSES; pass++) {
        counts[pass][(int) (key >>> (pass * BITS)) & MASK]++;
      }
    }
    long[] from = keys;
    long[] to = buffer;
    for (int pass = 0; pass < PASSES; pass++) {
      int[] count = counts[pass];
      int shift = pass * BITS;
      if (count[(int) (from[0] >>> shift) & MASK] == n) {
        continue; // every key has the same digit here
      }
      int sum = 0;
      for (int b = 0; b < RADIX; b++) {
        int c = count[b];
        count[b] = sum;
        sum += c;
      }
      for (int i = 0; i < n; i++) {
        long key = from[i];
        to[count[(int) (key >>> shift) & MASK]++] = key;
      }
      long[] swap = from;
      from = to;
      to = swap;
    }
    for (int i = 0; i < n; i++) {
      long key = from[i];
      long bits = key ^ ((~key >> 63) | Long.MIN_VALUE);
      target[i] = Double.longBitsToDouble(bits);
    }
  }
}
