package io.expaudit.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.expaudit.config.FlagConfigParser;
import io.expaudit.config.JsonValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every cell of Amplitude's condition truth table (spec §11): 460 (operator, values) cases × 53
 * property states, the {@code kotlin} column under Kotlin semantics and the {@code js} column
 * under JS semantics.
 */
class OperatorVectorsTest {
  private static final JsonNode TABLE = Fixtures.json("operator-vectors.json");

  @ParameterizedTest
  @EnumSource(Semantics.class)
  void reproducesEveryCellOfTheTruthTable(Semantics semantics) throws Exception {
    String column = semantics == Semantics.KOTLIN ? "kotlin" : "js";
    JsonNode props = TABLE.get("props");
    List<String> mismatches = new ArrayList<>();
    int cells = 0;
    for (JsonNode c : TABLE.get("cases")) {
      String flag =
          "[{\"key\":\"f\",\"variants\":{\"on\":{\"key\":\"on\"}},\"segments\":[{\"conditions\":[[{"
              + "\"selector\":[\"context\",\"user\",\"user_properties\",\"p\"],\"op\":"
              + Fixtures.JSON.writeValueAsString(c.get("op").textValue())
              + ",\"values\":" + Fixtures.JSON.writeValueAsString(c.get("values"))
              + "}]],\"variant\":\"on\"}]}]";
      FlagEvaluator evaluator =
          FlagEvaluator.compile(FlagConfigParser.parse(flag, "case"), semantics);
      String expected = c.get(column).textValue();
      for (int i = 0; i < props.size(); i++) {
        Map<String, Object> userProperties = new LinkedHashMap<>();
        if (!props.get(i).has("missing")) {
          userProperties.put("p", JsonValues.toJava(props.get(i).get("value")));
        }
        Map<String, Object> context = Map.of("user", Map.of("user_properties", userProperties));
        boolean matched;
        try {
          matched = evaluator.evaluate(context).results().containsKey("f");
        } catch (EvaluationException e) {
          matched = false;
        }
        cells++;
        if (matched != (expected.charAt(i) == '1')) {
          mismatches.add(c.get("op").textValue() + " " + c.get("values") + " on "
              + props.get(i) + ": expected " + expected.charAt(i));
        }
      }
    }
    assertThat(cells).isEqualTo(24_380);
    assertThat(mismatches).as("mismatching cells").isEmpty();
  }
}
