package dev.mlops.monitoring.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.InvalidInputException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.datasource.ListDataSource;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

class FramesTest {

  @Test
  void csv_quotedFieldsWithSeparatorsQuotesAndNewlines_areOneValueEach() {
    String csv = "id,city,score\n"
        + "1,\"Paris, France\",1.5\n"
        + "2,\"say \"\"hi\"\"\",2\n"
        + "3,\"two\nlines\",-3e2\n";
    Frame f = Frames.csv().categorical("city").read(new StringReader(csv));
    assertThat(f.rowCount()).isEqualTo(3);
    CategoricalColumn city = (CategoricalColumn) f.column("city").orElseThrow();
    assertThat(city.value(0)).isEqualTo("Paris, France");
    assertThat(city.value(1)).isEqualTo("say \"hi\"");
    assertThat(city.value(2)).isEqualTo("two\nlines");
    assertThat(((NumericColumn) f.column("score").orElseThrow()).toArray()).containsExactly(1.5, 2, -300);
    assertThat(f.schema()).extracting(ColumnSpec::type)
        .containsExactly(ColumnType.NUMERIC, ColumnType.CATEGORICAL, ColumnType.NUMERIC);
  }

  @Test
  void csv_missingTokens_becomeNaNOrNull() {
    String csv = "x,c\n1,a\n,\nNA,NA\n NaN ,b\nnull,null\n";
    Frame f = Frames.csv().categorical("c").read(new StringReader(csv));
    NumericColumn x = (NumericColumn) f.column("x").orElseThrow();
    CategoricalColumn c = (CategoricalColumn) f.column("c").orElseThrow();
    assertThat(x.missingCount()).isEqualTo(4);
    assertThat(x.finiteValues()).containsExactly(1.0);
    assertThat(c.missingCount()).isEqualTo(3);
    assertThat(c.labels()).containsExactly("a", "b");
  }

  @Test
  void csv_badNumber_isATypedErrorWithLineAndColumn() {
    String csv = "x,y\n1,2\n\"multi\nline\",3\n";
    assertThatThrownBy(() -> Frames.csv().categorical("x").read(new StringReader(csv + "4,oops\n")))
        .isInstanceOf(CsvFormatException.class)
        .hasMessageContaining("line 5").hasMessageContaining("'y'").hasMessageNotContaining("oops")
        .satisfies(e -> {
          assertThat(((CsvFormatException) e).line()).isEqualTo(5);
          assertThat(((CsvFormatException) e).field()).isEqualTo("y");
        });
    assertThatThrownBy(() -> Frames.csv().read(new StringReader("x,y\n1,2\n3\n")))
        .isInstanceOf(CsvFormatException.class).hasMessageContaining("line 3").hasMessageContaining("1 fields");
    assertThatThrownBy(() -> Frames.csv().read(new StringReader("")))
        .isInstanceOf(CsvFormatException.class).hasMessageContaining("no header");
    assertThatThrownBy(() -> Frames.csv().read(new StringReader("x,x\n1,2\n")))
        .isInstanceOf(CsvFormatException.class).hasMessageContaining("distinct");
    assertThatThrownBy(() -> Frames.csv().categorical("nope").read(new StringReader("x\n1\n")))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("not in the CSV header");
  }

  @Test
  void csv_file_streamsALargeFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("big.csv");
    StringBuilder b = new StringBuilder("a,b\n");
    for (int i = 0; i < 50_000; i++) {
      b.append(i).append(',').append(i % 3 == 0 ? "x" : "y").append('\n');
    }
    Files.writeString(file, b);
    Frame f = Frames.csv().categorical("b").read(file);
    assertThat(f.rowCount()).isEqualTo(50_000);
    assertThat(((NumericColumn) f.column("a").orElseThrow()).value(49_999)).isEqualTo(49_999.0);
  }

  @Test
  void rows_typesFromValues_absentAndNullAreMissing() {
    List<Map<String, Object>> rows = new ArrayList<>();
    Map<String, Object> first = new java.util.LinkedHashMap<>();
    first.put("age", 31);
    first.put("plan", "pro");
    first.put("flag", true);
    rows.add(first);
    Map<String, Object> second = new HashMap<>();
    second.put("age", null);
    second.put("plan", "free");
    rows.add(second);
    rows.add(Map.of("age", 2.5));
    Frame f = Frames.fromRows(rows);
    assertThat(f.schema()).containsExactly(new ColumnSpec("age", ColumnType.NUMERIC),
        new ColumnSpec("plan", ColumnType.CATEGORICAL), new ColumnSpec("flag", ColumnType.NUMERIC));
    assertThat(((NumericColumn) f.column("age").orElseThrow()).toArray()).containsExactly(31, Double.NaN, 2.5);
    assertThat(((CategoricalColumn) f.column("plan").orElseThrow()).value(2)).isNull();
    assertThat(((NumericColumn) f.column("flag").orElseThrow()).toArray()).containsExactly(1, Double.NaN, Double.NaN);
    assertThatThrownBy(() -> Frames.fromRows(List.of(Map.of("a", 1), Map.of("a", "x"))))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("mixes");
    assertThatThrownBy(() -> Frames.fromRows(List.of(Map.of("a", new Object()))))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void tribuo_featuresBecomeNumericColumns_absentFeaturesAreZero() {
    LabelFactory lf = new LabelFactory();
    List<org.tribuo.Example<Label>> examples = new ArrayList<>();
    examples.add(new ArrayExample<>(new Label("A"), new String[] {"f1", "f2"}, new double[] {1.0, 2.0}));
    examples.add(new ArrayExample<>(new Label("B"), new String[] {"f2"}, new double[] {5.0}));
    var ds = new MutableDataset<>(new ListDataSource<>(examples, lf, new SimpleDataSourceProvenance("t", lf)));
    Frame f = Frames.fromTribuo(ds, "label");
    assertThat(f.schema()).extracting(ColumnSpec::name).containsExactly("f1", "f2", "label");
    assertThat(((NumericColumn) f.column("f1").orElseThrow()).toArray()).containsExactly(1.0, 0.0);
    assertThat(((CategoricalColumn) f.column("label").orElseThrow()).value(1)).isEqualTo("B");
    assertThat(Frames.fromTribuo(ds).schema()).hasSize(2);
  }

  @Test
  void tribuo_manyFeatures_eachColumnHoldsItsOwnValues() {
    // A feature map iterates in hash order; with many names that differs from name order.
    LabelFactory lf = new LabelFactory();
    String[] names = new String[40];
    double[] values = new double[40];
    for (int i = 0; i < names.length; i++) {
      names[i] = "feature_" + (char) ('a' + i % 26) + i;
      values[i] = i;
    }
    List<org.tribuo.Example<Label>> examples = List.of(new ArrayExample<>(new Label("A"), names, values));
    var ds = new MutableDataset<>(new ListDataSource<>(examples, lf, new SimpleDataSourceProvenance("t", lf)));
    Frame f = Frames.fromTribuo(ds);
    for (int i = 0; i < names.length; i++) {
      assertThat(((NumericColumn) f.column(names[i]).orElseThrow()).value(0)).as(names[i]).isEqualTo(i);
    }
  }

  @Test
  void frame_rejectsUnequalLengthsAndDuplicateNames() {
    assertThatThrownBy(() -> Frame.of(new NumericColumn("a", new double[2]), new NumericColumn("b", new double[3])))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Frame.of(new NumericColumn("a", new double[2]), new NumericColumn("a", new double[2])))
        .isInstanceOf(IllegalArgumentException.class);
    double[] v = {1, 2};
    NumericColumn c = new NumericColumn("a", v);
    v[0] = 99;
    assertThat(c.value(0)).isEqualTo(1.0);
  }
}
