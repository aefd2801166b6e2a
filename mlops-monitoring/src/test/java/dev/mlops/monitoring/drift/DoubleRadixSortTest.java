package dev.mlops.monitoring.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class DoubleRadixSortTest {

  private static void assertSameAsArraysSort(double[] values) {
    double[] expected = values.clone();
    Arrays.sort(expected);
    double[] actual = DoubleRadixSort.sortedCopy(values);
    // bit-for-bit: -0.0 before 0.0 exactly as Arrays.sort
    long[] e = Arrays.stream(expected).mapToLong(Double::doubleToRawLongBits).toArray();
    long[] a = Arrays.stream(actual).mapToLong(Double::doubleToRawLongBits).toArray();
    assertThat(a).isEqualTo(e);
  }

  @Test
  void sort_largeRandomArray_equalsArraysSortBitForBit() {
    SplittableRandom random = new SplittableRandom(7);
    double[] values = new double[200_000];
    for (int i = 0; i < values.length; i++) {
      values[i] = (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(-300, 300));
    }
    assertSameAsArraysSort(values);
  }

  @Test
  void sort_signedZerosInfinitiesAndExtremes_orderedAsArraysSort() {
    double[] special = {
      0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE,
      Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_NORMAL, -1.0, 1.0
    };
    double[] values = new double[5000];
    for (int i = 0; i < values.length; i++) {
      values[i] = special[i % special.length];
    }
    assertSameAsArraysSort(values);
  }

  @Test
  void sort_manyTies_andAlreadySortedAndReversed() {
    double[] ties = new double[10_000];
    for (int i = 0; i < ties.length; i++) {
      ties[i] = i % 3 - 1;
    }
    assertSameAsArraysSort(ties);
    double[] sorted = new double[4096];
    for (int i = 0; i < sorted.length; i++) {
      sorted[i] = i * 0.5;
    }
    assertSameAsArraysSort(sorted);
    double[] reversed = new double[4096];
    for (int i = 0; i < reversed.length; i++) {
      reversed[i] = -i * 0.25;
    }
    assertSameAsArraysSort(reversed);
  }

  @Test
  void sort_inPlace_changesTheArgument_sortedCopyDoesNot() {
    double[] values = new double[3000];
    for (int i = 0; i < values.length; i++) {
      values[i] = values.length - i;
    }
    double[] original = values.clone();
    DoubleRadixSort.sortedCopy(values);
    assertThat(values).isEqualTo(original);
    DoubleRadixSort.sort(values);
    assertThat(values[0]).isEqualTo(1.0);
    assertThat(values[values.length - 1]).isEqualTo(3000.0);
  }

  @Test
  void sort_emptyAndNull() {
    assertThat(DoubleRadixSort.sortedCopy(new double[0])).isEmpty();
    assertThatNullPointerException().isThrownBy(() -> DoubleRadixSort.sort(null));
  }

  @Property(tries = 200)
  void sort_anyArray_equalsArraysSort(@ForAll @Size(max = 3000) double[] values) {
    // jqwik's doubles include NaN and infinities; NaN-free input is the contract
    double[] clean = Arrays.stream(values).filter(v -> !Double.isNaN(v)).toArray();
    double[] big = new double[clean.length * 2 + DoubleRadixSort.SMALL];
    for (int i = 0; i < big.length; i++) {
      big[i] = clean.length == 0 ? i : clean[i % clean.length] * (i % 2 == 0 ? 1 : -1);
    }
    assertSameAsArraysSort(clean);
    assertSameAsArraysSort(big);
  }
}
