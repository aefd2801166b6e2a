package dev.mlops.testing.jqwik;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.model.FeatureSpec;
import dev.mlops.core.model.FeatureType;
import dev.mlops.core.model.Schema;
import dev.mlops.monitoring.frame.CategoricalColumn;
import dev.mlops.monitoring.frame.Frame;
import dev.mlops.monitoring.frame.NumericColumn;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** What {@link FeatureVectors} generates: types, ranges and categories from a schema or a data set. */
class FeatureVectorsProperties {
  static final Frame HOLDOUT = Frame.of(
      new NumericColumn("amount", new double[] {12.5, 300, Double.NaN, 47, 999.75}),
      new CategoricalColumn("country", new String[] {"FR", "DE", null, "FR", "IT"}));
  static final Schema SCHEMA = Schema.of(List.of(new FeatureSpec("amount", FeatureType.DOUBLE),
      new FeatureSpec("country", FeatureType.STRING), new FeatureSpec("age", FeatureType.LONG),
      new FeatureSpec("member", FeatureType.BOOLEAN)));

  @Provide
  Arbitrary<Map<String, Object>> fromFrame() {
    return FeatureVectors.fromFrame(HOLDOUT).build();
  }

  @Provide
  Arbitrary<Map<String, Object>> fromSchema() {
    return FeatureVectors.forSchema(SCHEMA).observedIn(HOLDOUT).range("age", 18, 99).build();
  }

  @Provide
  Arbitrary<double[]> rows() {
    return FeatureVectors.forSchema(CreditModel.SCHEMA).range("amount", 0, 10).rows();
  }

  @Property(tries = 300)
  void fromFrame_staysInTheObservedRangeAndCategories(@ForAll("fromFrame") Map<String, Object> x) {
    assertThat(x.keySet()).containsExactly("amount", "country");
    assertThat((Double) x.get("amount")).isBetween(12.5, 999.75);
    assertThat((String) x.get("country")).isIn("FR", "DE", "IT");
  }

  @Property(tries = 300)
  void fromSchema_givesTheSchemaTypes_andPassesTheSchemaCheck(@ForAll("fromSchema") Map<String, Object> x) {
    assertThat(x.keySet()).containsExactly("amount", "country", "age", "member");
    assertThat(x.get("amount")).isInstanceOf(Double.class);
    assertThat(x.get("age")).isInstanceOfSatisfying(Long.class, a -> assertThat(a).isBetween(18L, 99L));
    assertThat(x.get("member")).isInstanceOf(Boolean.class);
    SCHEMA.check(x);
  }

  @Property(tries = 200)
  void rows_areInSchemaOrder_andPassTheRowCheck(@ForAll("rows") double[] row) {
    CreditModel.SCHEMA.checkRow(row);
    assertThat(row[0]).isBetween(0.0, 10.0).isEqualTo(Math.rint(row[0]));
  }

  @Example
  void badSettings_areTypedErrorsSayingWhatToDo() {
    assertThatThrownBy(() -> FeatureVectors.forSchema(SCHEMA).build()).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("categories(\"country\"");
    assertThatThrownBy(() -> FeatureVectors.forSchema(SCHEMA).range("country", 0, 1)).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> FeatureVectors.forSchema(SCHEMA).range("amount", 1, Double.NaN))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> FeatureVectors.forSchema(SCHEMA).range("nope", 0, 1)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("[amount, country, age, member]");
    assertThatThrownBy(() -> FeatureVectors.forSchema(SCHEMA).categories("country", List.of("FR")).rows())
        .isInstanceOf(InvalidInputException.class);
    Frame empty = Frame.of(new NumericColumn("amount", new double[] {Double.NaN}));
    assertThatThrownBy(() -> FeatureVectors.fromFrame(empty)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("no finite value");
  }
}
