package dev.mlops.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.InvalidInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ModelRefTest {

  @Test
  void parse_eachForm_givesItsKindAndPrintsBackTheSameText() {
    assertThat(ModelRef.parse("fraud")).isEqualTo(new ModelRef.Latest("fraud"));
    assertThat(ModelRef.parse("fraud/12")).isEqualTo(new ModelRef.Version("fraud", 12));
    assertThat(ModelRef.parse("fraud@champion")).isEqualTo(new ModelRef.Alias("fraud", "champion"));
    assertThat(ModelRef.parse("fraud/2147483647")).isEqualTo(new ModelRef.Version("fraud", Integer.MAX_VALUE));
    for (String text : new String[] {"fraud", "fraud/12", "fraud@champion", "a.b_c-1/3", "x@shadow-2"}) {
      assertThat(ModelRef.parse(text)).hasToString(text);
      assertThat(ModelRef.parse(text).name()).isEqualTo(text.split("[/@]")[0]);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "/1", "@a", "m/", "m@", "m/0", "m/007", "m/2147483648", "m/1@a", "m@a/1", "M", "m/1/2",
      "m@Champion", "../m", "m\u0000", "m/+1", "m/ 1"})
  void parse_malformedText_throwsInvalidInput(String text) {
    assertThatThrownBy(() -> ModelRef.parse(text)).isInstanceOf(InvalidInputException.class);
  }
}
