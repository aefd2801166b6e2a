package dev.mlops.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.InvalidInputException;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SchemaTest {
  private static final Schema MIXED = Schema.of(List.of(
      new FeatureSpec("age", FeatureType.LONG),
      new FeatureSpec("income", FeatureType.DOUBLE),
      new FeatureSpec("member", FeatureType.BOOLEAN)));

  @Test
  void toRow_ordersValuesBySchema_notByInputOrder() {
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("member", true);
    input.put("income", 52_000.5);
    input.put("age", 41L);

    assertThat(MIXED.toRow(input)).containsExactly(41.0, 52_000.5, 1.0);
  }

  @Test
  void toRow_mapsBooleanToOneAndZero() {
    assertThat(MIXED.toRow(Map.of("age", 1, "income", 0.0, "member", true))[2]).isEqualTo(1.0);
    assertThat(MIXED.toRow(Map.of("age", 1, "income", 0.0, "member", false))[2]).isEqualTo(0.0);
  }

  @Test
  void toRow_acceptsEveryWholeNumberTypeForLong() {
    assertThat(MIXED.toRow(Map.of("age", (byte) 3, "income", 1, "member", false))[0]).isEqualTo(3.0);
    assertThat(MIXED.toRow(Map.of("age", (short) 4, "income", 1, "member", false))[0]).isEqualTo(4.0);
    assertThat(MIXED.toRow(Map.of("age", 5, "income", 1, "member", false))[0]).isEqualTo(5.0);
    assertThat(MIXED.toRow(Map.of("age", 6L, "income", 1, "member", false))[0]).isEqualTo(6.0);
  }

  @Test
  void toRow_acceptsAnyFiniteNumberForDouble() {
    assertThat(MIXED.toRow(Map.of("age", 1, "income", 2.5f, "member", false))[1]).isEqualTo(2.5);
    assertThat(MIXED.toRow(Map.of("age", 1, "income", 7, "member", false))[1]).isEqualTo(7.0);
    assertThat(MIXED.toRow(Map.of("age", 1, "income", new BigDecimal("0.125"), "member", false))[1])
        .isEqualTo(0.125);
  }

  @Test
  void toRow_rejectsMissingFeature_namingIt() {
    assertRejected(() -> MIXED.toRow(Map.of("age", 1, "member", true)), "income");
  }

  @Test
  void toRow_rejectsUnknownFeature_namingIt() {
    assertRejected(() -> MIXED.toRow(Map.of("age", 1, "income", 2.0, "member", true, "incme", 3.0)), "incme");
  }

  @Test
  void toRow_rejectsUnknownFeature_evenWhenAKnownOneIsMissing() {
    assertRejected(() -> MIXED.toRow(Map.of("age", 1, "incme", 2.0, "member", true)), "incme");
  }

  @Test
  void toRow_rejectsStringForDouble_withoutEchoingTheValue() {
    assertRejectedWithoutValue(
        () -> MIXED.toRow(Map.of("age", 1, "income", "4111-1111-1111-1111", "member", true)), "income",
        "4111-1111-1111-1111");
  }

  @Test
  void toRow_rejectsDoubleForLong_withoutEchoingTheValue() {
    assertRejectedWithoutValue(
        () -> MIXED.toRow(Map.of("age", 41.75, "income", 1.0, "member", true)), "age", "41.75");
  }

  @Test
  void toRow_rejectsNumberForBoolean() {
    assertRejected(() -> MIXED.toRow(Map.of("age", 1, "income", 1.0, "member", 1)), "member");
  }

  @Test
  void toRow_rejectsNullValue() {
    Map<String, Object> input = new HashMap<>(Map.of("age", 1, "member", true));
    input.put("income", null);

    assertRejected(() -> MIXED.toRow(input), "income");
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
  void toRow_rejectsNonFiniteDouble(double value) {
    assertThatThrownBy(() -> MIXED.toRow(Map.of("age", 1, "income", value, "member", true)))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> {
          assertThat(e.field()).isEqualTo("income");
          assertThat(e.getMessage()).contains("income").doesNotContain("Infinity");
        });
  }

  @Test
  void toRow_rejectsFloatNaNAndNumbersTooLargeForADouble() {
    assertRejected(() -> MIXED.toRow(Map.of("age", 1, "income", Float.NaN, "member", true)), "income");
    assertRejected(
        () -> MIXED.toRow(Map.of("age", 1, "income", new BigDecimal("1e400"), "member", true)), "income");
  }

  @Test
  void toRow_returnsANewRowEachTime() {
    Map<String, Object> input = Map.of("age", 1, "income", 2.0, "member", true);
    double[] first = MIXED.toRow(input);
    first[0] = 99;

    assertThat(MIXED.toRow(input)[0]).isEqualTo(1.0);
  }

  @Test
  void toRow_onStringSchema_hasNoRowForm() {
    Schema withString = Schema.of(List.of(
        FeatureSpec.numeric("amount"), new FeatureSpec("country", FeatureType.STRING)));

    assertRejected(() -> withString.toRow(Map.of("amount", 1.0, "country", "FR")), "schema");
  }

  @Test
  void check_onStringSchema_acceptsStringsAndChecksTypes() {
    Schema withString = Schema.of(List.of(
        FeatureSpec.numeric("amount"), new FeatureSpec("country", FeatureType.STRING)));

    withString.check(Map.of("amount", 1.0, "country", "FR"));
    assertRejected(() -> withString.check(Map.of("amount", 1.0, "country", 33)), "country");
    assertRejected(() -> withString.check(Map.of("amount", "1.0", "country", "FR")), "amount");
    assertRejected(() -> withString.check(Map.of("amount", Double.NaN, "country", "FR")), "amount");
    assertRejected(() -> withString.check(Map.of("country", "FR")), "amount");
    assertRejected(() -> withString.check(Map.of("amount", 1.0, "country", "FR", "city", "Paris")), "city");
  }

  @Test
  void checkRow_acceptsFiniteRowOfSchemaLength() {
    double[] row = {1, 2, 0};

    assertThat(MIXED.checkRow(row)).isSameAs(row);
  }

  @Test
  void checkRow_rejectsWrongLength() {
    assertRejected(() -> MIXED.checkRow(new double[2]), "row");
    assertRejected(() -> MIXED.checkRow(new double[4]), "row");
  }

  @Test
  void checkRow_rejectsNaNAndInfinity_namingTheFeature() {
    assertRejected(() -> MIXED.checkRow(new double[] {1, Double.NaN, 0}), "income");
    assertRejected(() -> MIXED.checkRow(new double[] {Double.NEGATIVE_INFINITY, 1, 0}), "age");
  }

  @Test
  void of_rejectsDuplicateFeatureNames() {
    assertRejected(
        () -> Schema.of(List.of(FeatureSpec.numeric("a"), FeatureSpec.numeric("b"), FeatureSpec.numeric("a"))),
        "a");
  }

  @Test
  void featureSpec_rejectsEmptyOverLongAndControlNames() {
    assertRejected(() -> FeatureSpec.numeric(""), "feature");
    assertRejected(() -> FeatureSpec.numeric("f".repeat(257)), "feature");
    assertRejected(() -> FeatureSpec.numeric("a\nb"), "feature");
    assertRejected(() -> FeatureSpec.numeric("lone\uD800surrogate"), "feature");
    assertThat(FeatureSpec.numeric("rocket\uD83D\uDE80").name()).endsWith("\uD83D\uDE80");
    assertThat(FeatureSpec.numeric("f".repeat(256)).name()).hasSize(256);
  }

  @Test
  void indexOf_givesRowPosition_andRejectsUnknown() {
    assertThat(MIXED.indexOf("member")).isEqualTo(2);
    assertRejected(() -> MIXED.indexOf("nope"), "nope");
  }

  @Test
  void unknownFeature_overLongNameIsCutInFieldAndMessage() {
    String name = "x".repeat(1000);

    assertThatThrownBy(() -> MIXED.indexOf(name))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> {
          assertThat(e.field()).hasSizeLessThan(100);
          assertThat(e.getMessage()).hasSizeLessThan(400);
        });
  }

  @Test
  void namesAndSize_followSchemaOrder() {
    assertThat(MIXED.names()).containsExactly("age", "income", "member");
    assertThat(MIXED.size()).isEqualTo(3);
    assertThat(Schema.numeric(List.of("b", "a")).names()).containsExactly("b", "a");
  }

  @Test
  void equals_dependsOnFeaturesAndOrder() {
    assertThat(Schema.numeric(List.of("a", "b"))).isEqualTo(Schema.numeric(List.of("a", "b")))
        .hasSameHashCodeAs(Schema.numeric(List.of("a", "b")))
        .isNotEqualTo(Schema.numeric(List.of("b", "a")));
    assertThat(Schema.numeric(List.of("a")))
        .isNotEqualTo(Schema.of(List.of(new FeatureSpec("a", FeatureType.LONG))));
  }

  @Test
  void toString_listsNamesAndTypes() {
    assertThat(MIXED).hasToString("Schema[age:long, income:double, member:boolean]");
  }

  @Test
  void featureType_andOutputKind_parseTheirIds() {
    for (FeatureType t : FeatureType.values()) {
      assertThat(FeatureType.fromId(t.id())).isEqualTo(t);
    }
    for (OutputKind k : OutputKind.values()) {
      assertThat(OutputKind.fromId(k.id())).isEqualTo(k);
    }
    assertRejected(() -> FeatureType.fromId("DOUBLE"), "type");
    assertRejected(() -> OutputKind.fromId("ranking"), "output");
  }

  @Test
  void regressionPrediction_valueRequiresExactlyOneDimension() {
    assertThat(new Prediction.Regression(Map.of("y", 2.5)).value()).isEqualTo(2.5);
    assertThatThrownBy(() -> new Prediction.Regression(Map.of("a", 1.0, "b", 2.0)).value())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new Prediction.Regression(Map.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void classificationPrediction_scoreOfUnknownLabelIsZero() {
    Prediction.Classification c = new Prediction.Classification("yes", Map.of("yes", 0.75, "no", 0.25));

    assertThat(c.score("no")).isEqualTo(0.25);
    assertThat(c.score("maybe")).isZero();
  }

  private static void assertRejected(ThrowingCallable call, String field) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo(field));
  }

  private static void assertRejectedWithoutValue(ThrowingCallable call, String field, String value) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(InvalidInputException.class, e -> {
          assertThat(e.field()).isEqualTo(field);
          assertThat(e.getMessage()).contains(field).doesNotContain(value);
        });
  }
}
