package dev.mlops.monitoring.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.core.InvalidInputException;
import java.util.Iterator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The JSON document of a detector snapshot: layout, tolerance of unknown fields, typed errors. */
class SnapshotFormatTest {

  static Stream<Detectors.Named> detectors() {
    return Detectors.all().stream();
  }

  private static ChangeDetector used(Detectors.Named named) {
    ChangeDetector d = named.create();
    for (double v : ChangeDetectorContractTest.stream(named, 9, 500)) {
      d.update(v);
    }
    return d;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("detectors")
  void toJson_carriesSchemaVersionKindTypeConfigAndState(Detectors.Named named) {
    ObjectNode root = used(named).snapshot().toJsonNode();
    assertThat(root.get("schemaVersion").asInt()).isEqualTo(DetectorSnapshot.SCHEMA_VERSION);
    assertThat(root.get("kind").asText()).isEqualTo("mlops-change-detector");
    assertThat(root.get("type").asText()).isNotBlank();
    assertThat(root.get("config").isObject()).isTrue();
    assertThat(root.get("state").get("count").asLong()).isEqualTo(500);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("detectors")
  void fromJson_unknownFieldsAnywhere_areIgnored(Detectors.Named named) {
    ChangeDetector d = used(named);
    ObjectNode root = d.snapshot().toJsonNode();
    root.put("writtenBy", "a newer version");
    ((ObjectNode) root.get("config")).put("futureOption", 3);
    ((ObjectNode) root.get("state")).putObject("futureStatistic").put("x", 1);
    ChangeDetector restored = DetectorSnapshot.fromJson(root.toString()).restore();
    assertThat(restored.snapshot()).isEqualTo(d.snapshot());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("detectors")
  void restore_anyMissingStateField_isATypedErrorNamingIt(Detectors.Named named) {
    ObjectNode root = used(named).snapshot().toJsonNode();
    ObjectNode state = (ObjectNode) root.get("state");
    for (Iterator<String> it = state.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      ObjectNode damaged = root.deepCopy();
      ((ObjectNode) damaged.get("state")).remove(field);
      DetectorSnapshot s = DetectorSnapshot.fromJsonNode(damaged);
      assertThatThrownBy(s::restore).as("without %s", field)
          .isInstanceOf(InvalidInputException.class)
          .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo(field));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("detectors")
  void restore_anyMissingConfigField_isATypedErrorNamingIt(Detectors.Named named) {
    ObjectNode root = used(named).snapshot().toJsonNode();
    for (Iterator<String> it = root.get("config").fieldNames(); it.hasNext(); ) {
      String field = it.next();
      ObjectNode damaged = root.deepCopy();
      ((ObjectNode) damaged.get("config")).remove(field);
      assertThatThrownBy(() -> DetectorSnapshot.fromJsonNode(damaged).restore()).as("without %s", field)
          .isInstanceOf(InvalidInputException.class)
          .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo(field));
    }
  }

  @Test
  void restore_outOfRangeConfig_isATypedConfigError() {
    ObjectNode root = new PageHinkley(PageHinkleyConfig.DEFAULTS).snapshot().toJsonNode();
    ((ObjectNode) root.get("config")).put("alpha", 1.5);
    assertThatThrownBy(() -> DetectorSnapshot.fromJsonNode(root).restore())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("alpha")
        .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("config"));
  }

  @Test
  void restore_adwinBucketsThatDisagreeWithTheWidth_isRejected() {
    Adwin a = new Adwin(AdwinConfig.DEFAULTS);
    for (int i = 0; i < 100; i++) {
      a.update(i % 3);
    }
    ObjectNode root = a.snapshot().toJsonNode();
    ((ObjectNode) root.get("state")).put("width", 99.0);
    assertThatThrownBy(() -> DetectorSnapshot.fromJsonNode(root).restore())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("inconsistent");
  }

  @Test
  void fromJson_otherSchemaVersion_isRejectedWithTheVersionRead() {
    ObjectNode root = new Ddm(DdmConfig.DEFAULTS).snapshot().toJsonNode();
    root.put("schemaVersion", 2);
    assertThatThrownBy(() -> DetectorSnapshot.fromJson(root.toString()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("schema version 2")
        .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("schemaVersion"));
  }

  @Test
  void fromJson_notJsonOrNotASnapshot_isATypedError() {
    assertThatThrownBy(() -> DetectorSnapshot.fromJson("{not json"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("not JSON");
    assertThatThrownBy(() -> DetectorSnapshot.fromJson("[1, 2]"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("JSON object");
    assertThatThrownBy(() -> DetectorSnapshot.fromJson("{\"schemaVersion\": 1, \"kind\": \"mlops-reference-profile\"}"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("not a change-detector");
  }

  @Test
  void restore_unknownType_namesTheKnownOnes() {
    ObjectNode root = new Cusum(CusumConfig.DEFAULTS).snapshot().toJsonNode();
    root.put("type", "shewhart");
    assertThatThrownBy(() -> DetectorSnapshot.fromJsonNode(root).restore())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("shewhart").hasMessageContaining("page-hinkley");
  }

  @Test
  void snapshot_infiniteStartValues_roundTripAsStrings() {
    DetectorSnapshot s = new Ddm(DdmConfig.DEFAULTS).snapshot();
    assertThat(s.toJsonNode().get("state").get("pMin").asText()).isEqualTo("Infinity");
    assertThat(DetectorSnapshot.fromJson(s.toJson()).restore().snapshot()).isEqualTo(s);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("detectors")
  void fromJson_ofToJson_equalsTheSnapshot(Detectors.Named named) {
    DetectorSnapshot s = used(named).snapshot();
    assertThat(DetectorSnapshot.fromJson(s.toJson())).isEqualTo(s).hasSameHashCodeAs(s);
  }

  @Test
  void snapshot_isImmutableAgainstTheTreeItReturns() {
    DetectorSnapshot s = new Adwin(AdwinConfig.DEFAULTS).snapshot();
    String before = s.toJson();
    ((ObjectNode) s.toJsonNode().get("state")).put("tick", 12345);
    assertThat(s.toJson()).isEqualTo(before);
  }
}
