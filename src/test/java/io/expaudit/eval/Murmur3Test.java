package io.expaudit.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Murmur3Test {
  private static final JsonNode VECTORS = Fixtures.json("test-vectors.json");

  private static long hash(String s, int seed) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    return Murmur3.unsigned(bytes, bytes.length, seed);
  }

  @Test
  void reproducesEveryPublishedVectorWithTheTestSeed() {
    JsonNode vectors = VECTORS.get("murmur3_x86_32").get("seed_0x7f3a21ea");
    assertThat(vectors.size()).isEqualTo(41); // "brian" and the first 40 English words
    for (JsonNode v : vectors) {
      assertThat(hash(v.get(0).textValue(), 0x7f3a21ea)).as(v.get(0).textValue()).isEqualTo(v.get(1).longValue());
    }
  }

  @Test
  void reproducesSeedZeroVectorsIncludingEmojiAndCjk() {
    JsonNode vectors = VECTORS.get("murmur3_x86_32").get("seed_0");
    assertThat(vectors.size()).isEqualTo(3);
    for (JsonNode v : vectors) {
      assertThat(hash(v.get(0).textValue(), 0)).as(v.get(0).textValue()).isEqualTo(v.get(1).longValue());
    }
    assertThat(hash("My hovercraft is full of eels.", 0)).isEqualTo(2953494853L);
  }

  @Test
  void bucketingCasesGiveHashAllocationAndDistribution() {
    JsonNode cases = VECTORS.get("bucketing").get("cases");
    assertThat(cases.size()).isGreaterThan(0);
    for (JsonNode c : cases) {
      long h = hash(c.get("hashInput").textValue(), 0);
      assertThat(h).as(c.get("hashInput").textValue()).isEqualTo(c.get("hash").longValue());
      assertThat(h % 100).isEqualTo(c.get("allocationValue").longValue());
      assertThat(h / 100).isEqualTo(c.get("distributionValue").longValue());
    }
    assertThat(hash("AbC12345/user-0", 0)).isEqualTo(3356686119L);
  }

  @Test
  void everyTailLengthMatchesTheUtf8EncoderPath() {
    // The engine encodes into its own buffer; it must give the JDK's bytes for well-formed text.
    String s = "a\u00e9\u5409\ud83d\ude80bcdefgh";
    for (int n = 0; n <= s.length(); n++) {
      String prefix = s.substring(0, n);
      if (n > 0 && Character.isHighSurrogate(prefix.charAt(n - 1))) {
        continue;
      }
      byte[] buffer = new byte[Utf8.maxBytes(prefix.length())];
      int length = Utf8.encode(prefix, buffer, 0, Semantics.KOTLIN);
      assertThat(Murmur3.unsigned(buffer, length, 0)).as(prefix).isEqualTo(hash(prefix, 0));
    }
  }

  @Test
  void loneSurrogatesEncodeAsQuestionMarkOnTheJvmAndAsThreeBytesInJs() {
    byte[] buffer = new byte[8];
    assertThat(Utf8.encode("\ud800", buffer, 0, Semantics.KOTLIN)).isEqualTo(1);
    assertThat(buffer[0]).isEqualTo((byte) '?');
    assertThat(Utf8.encode("\ud800", buffer, 0, Semantics.JS)).isEqualTo(3);
    assertThat(new byte[] {buffer[0], buffer[1], buffer[2]})
        .containsExactly((byte) 0xed, (byte) 0xa0, (byte) 0x80);
  }
}
