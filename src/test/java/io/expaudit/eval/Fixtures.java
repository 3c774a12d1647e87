package io.expaudit.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.expaudit.config.ExperimentUsers;
import io.expaudit.config.JsonValues;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Reads the conformance fixtures under {@code src/test/resources/fixtures/amplitude/}. */
final class Fixtures {
  static final ObjectMapper JSON = new ObjectMapper();

  private Fixtures() {}

  static String text(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/amplitude/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode json(String name) {
    try {
      return JSON.readTree(text(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A fixture user entry as a context: {@code context} as is, or an SDK {@code experimentUser}. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> context(JsonNode entry) {
    if (entry.has("context")) {
      return JsonValues.toJavaMap(entry.get("context"));
    }
    return ExperimentUsers.toContext((Map<String, Object>) JsonValues.toJava(entry.get("experimentUser")));
  }
}
