package io.expaudit.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** JavaScript's own conversions, which the JS engine applies before comparing (spec §6.2, §6.6). */
class JsSemanticsTest {

  @Test
  void numbersPrintLikeJavaScript() {
    assertThat(JsNumbers.toString(1.0)).isEqualTo("1");
    assertThat(JsNumbers.toString(-0.0)).isEqualTo("0");
    assertThat(JsNumbers.toString(1.5)).isEqualTo("1.5");
    assertThat(JsNumbers.toString(1e21)).isEqualTo("1e+21");
    assertThat(JsNumbers.toString(1e20)).isEqualTo("100000000000000000000");
    assertThat(JsNumbers.toString(0.1 + 0.2)).isEqualTo("0.30000000000000004");
    assertThat(JsNumbers.toString(1e-7)).isEqualTo("1e-7");
    assertThat(JsNumbers.toString(0.000001)).isEqualTo("0.000001");
    assertThat(JsNumbers.toString(123.456e-10)).isEqualTo("1.23456e-8");
    assertThat(JsNumbers.toString(2e23)).isEqualTo("2e+23"); // Java 17's Double.toString says 2.0000000000000002E23
    assertThat(JsNumbers.toString(12345678901234567890.0)).isEqualTo("12345678901234567000");
    assertThat(JsNumbers.toString(Double.NaN)).isEqualTo("NaN");
    assertThat(JsNumbers.toString(Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
  }

  @Test
  void stringsParseLikeJavaScriptNumber() {
    assertThat(JsNumbers.parse("")).isEqualTo(0.0);
    assertThat(JsNumbers.parse(" 12 ")).isEqualTo(12.0);
    assertThat(JsNumbers.parse("0x10")).isEqualTo(16.0);
    assertThat(JsNumbers.parse("0b101")).isEqualTo(5.0);
    assertThat(JsNumbers.parse("1e3")).isEqualTo(1000.0);
    assertThat(JsNumbers.parse("-Infinity")).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(JsNumbers.parse(".5")).isEqualTo(0.5);
    assertThat(JsNumbers.parse("1d")).isNaN();
    assertThat(JsNumbers.parse("-0x10")).isNaN();
    assertThat(JsNumbers.parse("abc")).isNaN();
    assertThat(JsNumbers.parse("\u00a012\u2028")).isEqualTo(12.0);
  }

  @Test
  void stringifyOrdersIntegerKeysFirstAndEscapesLoneSurrogates() {
    Map<String, Object> object = new java.util.LinkedHashMap<>();
    object.put("b", 1.0);
    object.put("10", List.of(true, "x"));
    object.put("2", null);
    assertThat(JsonText.jsStringify(object)).isEqualTo("{\"2\":null,\"10\":[true,\"x\"],\"b\":1}");
    assertThat(JsonText.kotlinxPrint(object)).isEqualTo("{\"b\":1.0,\"10\":[true,\"x\"],\"2\":null}");
    assertThat(JsonText.jsStringify("a\ud800\n")).isEqualTo("\"a\\ud800\\n\"");
    assertThat(JsonText.kotlinxPrint("a\u0001")).isEqualTo("\"a\\u0001\"");
  }

  @Test
  void kotlinParsesBracketedStringsLenientlyAndJsStrictly() {
    // spec §6.2 and §6.9 row 5
    assertThat(JsonText.kotlinxParseArray("[abc]")).containsExactly((Object) null);
    assertThat(JsonText.jsParseArray("[abc]")).isNull();
    assertThat(JsonText.kotlinxParseArray("[1, 2.0, true, \"x\"]")).containsExactly(1, 2.0, true, "x");
    assertThat(JsonText.jsParseArray("[1, 2.0, true, \"x\"]")).containsExactly(1.0, 2.0, true, "x");
    assertThat(JsonText.kotlinxParseArray("[1,]")).isNull();
    assertThat(JsonText.kotlinxParseArray("[1] x")).isNull();
    assertThat(JsonText.jsParseArray("{}")).isNull();
    assertThat(Coercion.coerceStringList("[\"a\",\"a\",\"\"]", Semantics.KOTLIN)).containsExactly("a", "");
    assertThat(Coercion.coerceStringList("[\"a\",\"a\",\"\"]", Semantics.JS)).containsExactly("a", "a");
  }

  @Test
  void versionsParsePerEngine() {
    // spec §6.7: build metadata only in Kotlin; the prerelease keeps its hyphen in JS
    assertThat(SemanticVersion.parse("10.0.0+meta", Semantics.KOTLIN)).isNotNull();
    assertThat(SemanticVersion.parse("10.0.0+meta", Semantics.JS)).isNull();
    assertThat(SemanticVersion.parse("1.2.3-beta", Semantics.JS).preRelease()).isEqualTo("-beta");
    assertThat(SemanticVersion.parse("1.2.3-be__ta..x", Semantics.JS)).isNull();
    assertThat(SemanticVersion.parse("1.2.3-be__ta.x", Semantics.JS)).isNotNull();
    for (String invalid : List.of("10", "10.", "10..", "10.2.", "a.2.3", "", "2.3.4.567", "10.2.3alpha", "-10.1")) {
      assertThat(SemanticVersion.parse(invalid, Semantics.KOTLIN)).as(invalid).isNull();
    }
    for (String valid : List.of("100.2", "0.102.39", "01.02", "001.001100.000900", "10.20.30-alpha", "10.20.30-b8c9")) {
      assertThat(SemanticVersion.parse(valid, Semantics.KOTLIN)).as(valid).isNotNull();
    }
    assertThat(SemanticVersion.parse("20.9.4-a1.23", Semantics.KOTLIN))
        .isLessThan(SemanticVersion.parse("20.9.4-a1.5", Semantics.KOTLIN));
    assertThat(SemanticVersion.parse("06.007.0008", Semantics.KOTLIN))
        .isEqualByComparingTo(SemanticVersion.parse("6.7.8", Semantics.KOTLIN));
  }

  @Test
  void theJsPrereleaseCheckDoesNotBacktrackExponentially() {
    String evil = "1.0.0-" + "a".repeat(5_000) + "!";
    assertThat(SemanticVersion.parse(evil, Semantics.JS)).isNull();
  }

  @Test
  void jsRegexesAreTranslatedWhereTheDialectsDiffer() {
    assertThat(Regexes.matches(Regexes.compile("a$", Semantics.JS), "a\n", Semantics.JS)).isFalse();
    assertThat(Regexes.matches(Regexes.compile("a$", Semantics.KOTLIN), "a", Semantics.KOTLIN)).isTrue();
    assertThat(Regexes.matches(Regexes.compile("^a.c", Semantics.JS), "a\u0085c", Semantics.JS)).isTrue();
    assertThat(Regexes.matches(Regexes.compile("a\\sb", Semantics.JS), "a\u00a0b", Semantics.JS)).isTrue();
    assertThat(Regexes.matches(Regexes.compile("x{", Semantics.JS), "x{", Semantics.JS)).isTrue();
    assertThat(Regexes.matches(Regexes.compile("[^]", Semantics.JS), "\n", Semantics.JS)).isTrue();
    assertThat(Regexes.matches(Regexes.compile("ab", Semantics.JS), "xaby", Semantics.JS)).isTrue();
    assertThat(Regexes.matches(Regexes.compile("ab", Semantics.KOTLIN), "xaby", Semantics.KOTLIN)).isFalse();
  }

  @Test
  void aCatastrophicRegexFailsTheEvaluationInsteadOfHanging() {
    java.util.regex.Pattern evil = Regexes.compile("(.*a){20}", Semantics.KOTLIN);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Regexes.matches(evil, "a".repeat(30) + "c", Semantics.KOTLIN))
        .isInstanceOf(EvaluationException.class)
        .hasMessageContaining("exceeded its budget");
  }

  /** Kotlin 2.3.0's own regex and toIntOrNull, the reference the hand-written parser must equal. */
  private static final java.util.regex.Pattern KOTLIN_VERSION = java.util.regex.Pattern.compile(
      "^(0|[0-9]\\d*)\\.(0|[0-9]\\d*)(\\.(0|[0-9]\\d*)(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)"
          + "(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
          + "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?)?$");

  private static SemanticVersion kotlinByRegex(String v) {
    java.util.regex.Matcher m = KOTLIN_VERSION.matcher(v);
    if (!m.matches()) {
      return null;
    }
    try {
      int major = Integer.parseInt(m.group(1));
      int minor = Integer.parseInt(m.group(2));
      int patch;
      try {
        patch = m.group(4) == null ? 0 : Integer.parseInt(m.group(4));
      } catch (NumberFormatException e) {
        patch = 0;
      }
      String pre = m.group(5);
      return new SemanticVersion(major, minor, patch, pre == null || pre.isEmpty() ? null : pre);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  @Test
  void theHandWrittenKotlinVersionParserEqualsKotlinsRegexOnRandomInput() {
    java.util.SplittableRandom random = new java.util.SplittableRandom(42);
    String alphabet = "0123456789..--+aZ_x";
    int parsed = 0;
    for (int n = 0; n < 300_000; n++) {
      StringBuilder b = new StringBuilder();
      int length = random.nextInt(14);
      for (int i = 0; i < length; i++) {
        b.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String v = n % 3 == 0 ? "1.2." + b : n % 3 == 1 ? "9999999999.0" + b : b.toString();
      SemanticVersion expected = kotlinByRegex(v);
      assertThat(SemanticVersion.parse(v, Semantics.KOTLIN)).as(v).isEqualTo(expected);
      parsed += expected == null ? 0 : 1;
    }
    assertThat(parsed).as("the sample reaches valid versions too").isGreaterThan(10_000);
  }
}
