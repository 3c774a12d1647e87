package io.expaudit.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ByteLinesTest {

  @Test
  void splitsAtEveryKindOfEndingAndKeepsBlankLines() throws IOException {
    assertThat(lines("a\r\nb\rc\n\nd", 64, 100)).containsExactly("a", "b", "c", "", "d");
    assertThat(lines("a\n", 64, 100)).containsExactly("a");
    assertThat(lines("a\r\n\r\n", 64, 100)).containsExactly("a", "");
    assertThat(lines("", 64, 100)).isEmpty();
  }

  @Test
  void agreesWithSplittingTheWholeTextWhateverTheBufferAndTheReads() throws IOException {
    Random random = new Random(7);
    byte[] alphabet = "ab\r\n{\"é".getBytes(StandardCharsets.UTF_8);
    for (int round = 0; round < 2_000; round++) {
      byte[] text = new byte[random.nextInt(120)];
      for (int i = 0; i < text.length; i++) {
        // mostly long runs without endings, so that lines cross the buffer's end
        text[i] = random.nextInt(10) == 0 ? alphabet[2 + random.nextInt(2)] : alphabet[random.nextInt(alphabet.length)];
      }
      List<String> expected = reference(text);
      int buffer = 8 + random.nextInt(16);
      int chunk = 1 + random.nextInt(9);
      assertThat(read(new Trickle(text, chunk), buffer, 1_000))
          .as("%s, buffer %d, reads of %d", Arrays.toString(text), buffer, chunk)
          .isEqualTo(expected);
    }
  }

  @Test
  void aLineLongerThanTheLimitComesCutAndMarkedAndItsRestIsSkipped() throws IOException {
    byte[] text = "0123456789AB\r\nshort\n0123456789\nx0123456789y".getBytes(StandardCharsets.UTF_8);
    List<String> expected = List.of("0123456789 (cut)", "short", "0123456789", "x012345678 (cut)");
    // its ending not read yet (a small buffer, small reads), or already in the buffer
    assertThat(cut(new ByteLines(new Trickle(text, 3), 8, 10))).isEqualTo(expected);
    assertThat(cut(new ByteLines(new ByteArrayInputStream(text), 1024, 10))).isEqualTo(expected);
  }

  private static List<String> cut(ByteLines lines) throws IOException {
    List<String> seen = new ArrayList<>();
    while (lines.next()) {
      seen.add(new String(lines.buffer(), lines.start(), lines.length(), StandardCharsets.UTF_8)
          + (lines.overlong() ? " (cut)" : ""));
    }
    return seen;
  }

  private static List<String> lines(String text, int buffer, int max) throws IOException {
    return read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), buffer, max);
  }

  private static List<String> read(InputStream in, int buffer, int max) throws IOException {
    List<String> out = new ArrayList<>();
    try (ByteLines lines = new ByteLines(in, buffer, max)) {
      while (lines.next()) {
        assertThat(lines.overlong()).isFalse();
        out.add(new String(lines.buffer(), lines.start(), lines.length(), StandardCharsets.ISO_8859_1));
      }
    }
    return out;
  }

  /** The text split at \r\n, \r or \n, one byte at a time; an ending at the very end adds no line. */
  private static List<String> reference(byte[] text) {
    List<String> out = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < text.length; i++) {
      char c = (char) (text[i] & 0xFF);
      if (c == '\r' || c == '\n') {
        out.add(line.toString());
        line.setLength(0);
        if (c == '\r' && i + 1 < text.length && text[i + 1] == '\n') {
          i++;
        }
      } else {
        line.append(c);
      }
    }
    if (line.length() > 0) {
      out.add(line.toString());
    }
    return out;
  }

  /** A stream that hands out at most a few bytes per read, as a decompressor may. */
  private static final class Trickle extends ByteArrayInputStream {
    private final int chunk;

    Trickle(byte[] bytes, int chunk) {
      super(bytes);
      this.chunk = chunk;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) {
      return super.read(b, off, Math.min(len, chunk));
    }
  }
}
