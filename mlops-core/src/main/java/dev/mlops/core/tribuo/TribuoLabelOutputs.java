package dev.mlops.core.tribuo;

import dev.mlops.core.model.OutputSpec;
import dev.mlops.core.model.Prediction;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;

/** Classification outputs. */
final class TribuoLabelOutputs extends TribuoOutputs<Label> {
  @Override
  Label unknown() {
    return LabelFactory.UNKNOWN_LABEL;
  }

  @Override
  OutputSpec spec(Model<?> model) {
    List<String> labels = model.getOutputIDInfo().getDomain().stream()
        .map(o -> ((Label) o).getLabel())
        .sorted()
        .toList();
    return OutputSpec.classification(labels);
  }

  @Override
  Prediction convert(org.tribuo.Prediction<Label> p) {
    Map<String, Label> raw = p.getOutputScores();
    Map<String, Double> scores = new HashMap<>(raw.size() * 2);
    raw.forEach((k, v) -> scores.put(k, v.getScore()));
    return new Prediction.Classification(p.getOutput().getLabel(), scores);
  }
}
