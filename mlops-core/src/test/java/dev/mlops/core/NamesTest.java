package dev.mlops.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {

  @Nested
  class ModelNames {
    @ParameterizedTest
    @ValueSource(strings = {"fraud", "a", "7", "fraud-detector_v2.1", "x.y", "0abc"})
    void requireModelName_acceptsLowercaseNames(String name) {
      assertThat(Names.requireModelName(name)).isEqualTo(name);
    }

    @Test
    void requireModelName_acceptsLongestName() {
      String name = "m".repeat(Names.MAX_MODEL_NAME);

      assertThat(Names.requireModelName(name)).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "Fraud", "FRAUD", "fraudDetector", "..", "a..b", "../x", "/abs", "a/b", "a\\b", "C:x",
        "-fraud", ".fraud", "_fraud", "fraud model", "fraud\u0000", "fraud\nmodel", "fraud@champion", "fraud/3",
        "modèle"})
    void requireModelName_rejectsInvalidNames(String name) {
      assertRejected(() -> Names.requireModelName(name), "name");
    }

    @Test
    void requireModelName_rejectsOverLongName() {
      assertRejected(() -> Names.requireModelName("m".repeat(Names.MAX_MODEL_NAME + 1)), "name");
    }

    @Test
    void requireModelName_messageReplacesControlCharactersAndCutsLongNames() {
      assertThatThrownBy(() -> Names.requireModelName("bad\nname\u0000" + "x".repeat(500)))
          .isInstanceOf(InvalidInputException.class)
          .satisfies(e -> {
            assertThat(e.getMessage()).doesNotContain("\n", "\u0000").contains("bad?name?");
            assertThat(e.getMessage()).doesNotContain("x".repeat(100));
          });
    }

    @Test
    void requireModelName_rejectsNull() {
      assertThatThrownBy(() -> Names.requireModelName(null)).isInstanceOf(NullPointerException.class);
    }
  }

  @Nested
  class Aliases {
    @ParameterizedTest
    @ValueSource(strings = {"champion", "c", "shadow-2", "canary_eu", "a0"})
    void requireAlias_acceptsLowercaseAliasesStartingWithALetter(String alias) {
      assertThat(Names.requireAlias(alias)).isEqualTo(alias);
    }

    @Test
    void requireAlias_acceptsLongestAlias() {
      assertThat(Names.requireAlias("a".repeat(Names.MAX_ALIAS))).hasSize(Names.MAX_ALIAS);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "3", "2champion", "Champion", "-champion", "_champion", "champ.ion", "champ ion", "champ\nion",
        "champ\u0000", "../x", "a/b", "C:x", "champion@1"})
    void requireAlias_rejectsInvalidAliases(String alias) {
      assertRejected(() -> Names.requireAlias(alias), "alias");
    }

    @Test
    void requireAlias_rejectsAliasStartingWithDigit() {
      assertRejected(() -> Names.requireAlias("1st"), "alias");
    }

    @Test
    void requireAlias_rejectsOverLongAlias() {
      assertRejected(() -> Names.requireAlias("a".repeat(Names.MAX_ALIAS + 1)), "alias");
    }
  }

  @Nested
  class Tags {
    @ParameterizedTest
    @ValueSource(strings = {"team", "owner.email", "k8s/namespace", "a=b", "x", "UPPER_case-1"})
    void requireTagKey_acceptsPrintableKeys(String key) {
      assertThat(Names.requireTagKey(key)).isEqualTo(key);
    }

    @Test
    void requireTagKey_acceptsLongestKey() {
      assertThat(Names.requireTagKey("k".repeat(Names.MAX_TAG_KEY))).hasSize(Names.MAX_TAG_KEY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "a b", "a\tb", "a\nb", "a\u0000", "\u007f", " lead", "trail "})
    void requireTagKey_rejectsEmptyWhitespaceAndControlCharacters(String key) {
      assertRejected(() -> Names.requireTagKey(key), "tag");
    }

    @Test
    void requireTagKey_rejectsOverLongKey() {
      assertRejected(() -> Names.requireTagKey("k".repeat(Names.MAX_TAG_KEY + 1)), "tag");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a value with spaces", "unicode: modèle ✓", "quotes \" and \\ backslash"})
    void requireTagValue_acceptsPrintableText(String value) {
      assertThat(Names.requireTagValue(value)).isEqualTo(value);
    }

    @Test
    void requireTagValue_acceptsLongestValue() {
      assertThat(Names.requireTagValue("v".repeat(Names.MAX_TAG_VALUE))).hasSize(Names.MAX_TAG_VALUE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\u0000b", "line\nbreak", "tab\t", "\r", "\u001b[31m"})
    void requireTagValue_rejectsControlCharacters(String value) {
      assertRejected(() -> Names.requireTagValue(value), "tag");
    }

    @Test
    void requireTagValue_rejectsOverLongValue() {
      assertRejected(() -> Names.requireTagValue("v".repeat(Names.MAX_TAG_VALUE + 1)), "tag");
    }

    @Test
    void requireTagValue_messageDoesNotEchoTheValue() {
      assertThatThrownBy(() -> Names.requireTagValue("secret-token-123\u0000"))
          .isInstanceOf(InvalidInputException.class)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret-token-123"));
    }
  }

  @Nested
  class Descriptions {
    @Test
    void requireDescription_acceptsTabsAndLineFeeds() {
      String text = "First line\n\tindented second line\n";

      assertThat(Names.requireDescription(text)).isEqualTo(text);
    }

    @Test
    void requireDescription_acceptsLongestDescription() {
      assertThat(Names.requireDescription("d".repeat(Names.MAX_DESCRIPTION))).hasSize(Names.MAX_DESCRIPTION);
    }

    @ParameterizedTest
    @ValueSource(strings = {"nul\u0000", "bell\u0007", "escape\u001b", "carriage\rreturn", "del\u007f"})
    void requireDescription_rejectsOtherControlCharacters(String text) {
      assertRejected(() -> Names.requireDescription(text), "description");
    }

    @Test
    void requireDescription_rejectsOverLongDescription() {
      assertRejected(() -> Names.requireDescription("d".repeat(Names.MAX_DESCRIPTION + 1)), "description");
    }
  }

  @Nested
  class RelativePaths {
    @ParameterizedTest
    @ValueSource(strings = {
        "model.bin", "model/weights.bin", "a/b/c/d.e", ".hidden", "..a", "a..", "a/...", "with space/x",
        "modèle/poids.bin", "a-b_c.d"})
    void requireRelativePath_acceptsRelativePaths(String path) {
      assertThat(Names.requireRelativePath(path)).isEqualTo(path);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", ".", "..", "../x", "x/..", "a/../b", "./a", "a/.", "/abs", "/", "a//b", "a/./b", "a/", "a\\b",
        "..\\x", "C:x", "C:/x", "c:\\windows", "file:x", "a\u0000b", "a\nb", "a/b\r", "\u007f"})
    void requireRelativePath_rejectsEscapingAbsoluteAndMalformedPaths(String path) {
      assertRejected(() -> Names.requireRelativePath(path), "path");
    }

    @Test
    void requireRelativePath_acceptsComponentOf255Bytes() {
      String path = "d/" + "c".repeat(255);

      assertThat(Names.requireRelativePath(path)).isEqualTo(path);
    }

    @Test
    void requireRelativePath_rejectsComponentOver255Bytes() {
      assertRejected(() -> Names.requireRelativePath("d/" + "c".repeat(256)), "path");
    }

    @Test
    void requireRelativePath_countsComponentLengthInUtf8Bytes() {
      // 128 characters of two bytes each: 256 bytes.
      assertRejected(() -> Names.requireRelativePath("é".repeat(128)), "path");
      assertThat(Names.requireRelativePath("é".repeat(127))).hasSize(127);
    }

    @Test
    void requireRelativePath_acceptsPathOf1024Bytes() {
      String path = pathOfBytes(Names.MAX_PATH_BYTES);

      assertThat(path.length()).isEqualTo(Names.MAX_PATH_BYTES);
      assertThat(Names.requireRelativePath(path)).isEqualTo(path);
    }

    @Test
    void requireRelativePath_rejectsPathOver1024Bytes() {
      assertRejected(() -> Names.requireRelativePath(pathOfBytes(Names.MAX_PATH_BYTES + 1)), "path");
    }

    @Test
    void requireRelativePath_messageSaysWhatIsWrong() {
      assertThatThrownBy(() -> Names.requireRelativePath("../etc/passwd"))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("'..'")
          .hasMessageContaining("relative");
      assertThatThrownBy(() -> Names.requireRelativePath("/etc/passwd"))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("absolute");
    }

    /** Components of 200 characters joined by '/', cut to exactly {@code bytes} ASCII bytes. */
    private String pathOfBytes(int bytes) {
      StringBuilder b = new StringBuilder();
      while (b.length() < bytes) {
        if (b.length() > 0) {
          b.append('/');
        }
        b.append("p".repeat(Math.min(200, bytes - b.length())));
      }
      return b.toString();
    }
  }

  @Nested
  class LoneSurrogates {
    static Stream<UnaryOperator<String>> validators() {
      return Stream.of(Names::requireTagValue, Names::requireDescription, Names::requireRelativePath);
    }

    @ParameterizedTest
    @MethodSource("validators")
    void validators_rejectLoneSurrogates_whichHaveNoUtf8Form(UnaryOperator<String> validator) {
      assertThatThrownBy(() -> validator.apply("bad\uD800x")).isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> validator.apply("bad\uDC00")).isInstanceOf(InvalidInputException.class);
    }

    @ParameterizedTest
    @MethodSource("validators")
    void validators_acceptSurrogatePairs(UnaryOperator<String> validator) {
      String emoji = "model-\uD83D\uDE80";

      assertThat(validator.apply(emoji)).isEqualTo(emoji);
    }
  }

  static void assertRejected(Runnable call, String field) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(InvalidInputException.class, e -> {
          assertThat(e.field()).isEqualTo(field);
          assertThat(e.getMessage()).isNotBlank();
        });
  }
}
