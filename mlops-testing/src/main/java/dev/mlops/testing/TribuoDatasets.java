package dev.mlops.testing;

import dev.mlops.monitoring.frame.Column;
import dev.mlops.monitoring.frame.NumericColumn;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.tribuo.MutableDataset;
import org.tribuo.Output;
import org.tribuo.OutputFactory;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.datasource.ListDataSource;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

/**
 * Turns a data set read for {@link Dataset} into a Tribuo {@code Dataset<Label>} or
 * {@code Dataset<Regressor>}. Touches the optional Tribuo output modules, so it is reached only when
 * a parameter asks for a Tribuo data set. Stateless.
 */
final class TribuoDatasets {
  private TribuoDatasets() {}

  static org.tribuo.Dataset<?> toTribuo(DatasetReader.Loaded loaded, String where) {
    return loaded.regression() ? regression(loaded, where) : classification(loaded, where);
  }

  private static org.tribuo.Dataset<Label> classification(DatasetReader.Loaded loaded, String where) {
    var labels = (dev.mlops.monitoring.frame.CategoricalColumn) loaded.frame().column(loaded.labelColumn()).orElseThrow();
    LabelFactory factory = new LabelFactory();
    List<Label> outputs = new ArrayList<>();
    for (int r = 0; r < labels.size(); r++) {
      String value = labels.value(r);
      if (value == null) {
        throw missing(loaded, where, r, loaded.labelColumn());
      }
      outputs.add(new Label(value));
    }
    return build(loaded, where, factory, outputs);
  }

  private static org.tribuo.Dataset<Regressor> regression(DatasetReader.Loaded loaded, String where) {
    var values = (NumericColumn) loaded.frame().column(loaded.labelColumn()).orElseThrow();
    List<Regressor> outputs = new ArrayList<>();
    for (int r = 0; r < values.size(); r++) {
      double v = values.value(r);
      if (!Double.isFinite(v)) {
        throw missing(loaded, where, r, loaded.labelColumn());
      }
      outputs.add(new Regressor(loaded.labelColumn(), v));
    }
    return build(loaded, where, new RegressionFactory(), outputs);
  }

  private static <T extends Output<T>> org.tribuo.Dataset<T> build(DatasetReader.Loaded loaded, String where,
      OutputFactory<T> factory, List<T> outputs) {
    List<NumericColumn> features = new ArrayList<>();
    for (Column c : loaded.frame().columns()) {
      if (c instanceof NumericColumn n && !c.spec().name().equals(loaded.labelColumn())) {
        features.add(n);
      }
    }
    String[] names = features.stream().map(c -> c.spec().name()).toArray(String[]::new);
    List<org.tribuo.Example<T>> examples = new ArrayList<>(outputs.size());
    for (int r = 0; r < outputs.size(); r++) {
      double[] values = new double[names.length];
      for (int j = 0; j < names.length; j++) {
        values[j] = features.get(j).value(r);
        if (!Double.isFinite(values[j])) {
          throw missing(loaded, where, r, names[j]);
        }
      }
      examples.add(new ArrayExample<>(outputs.get(r), names, values));
    }
    var provenance = new SimpleDataSourceProvenance(loaded.location(), factory);
    return new MutableDataset<>(new ListDataSource<>(examples, factory, provenance));
  }

  private static ParameterResolutionException missing(DatasetReader.Loaded loaded, String where, int row, String column) {
    return new ParameterResolutionException(where + ": @Dataset(\"" + loaded.location() + "\") row " + (row + 1)
        + " has no value in column '" + column + "'; a Tribuo data set needs every value. Fill it, drop the row, "
        + "or take a Frame, which keeps missing values.");
  }
}
