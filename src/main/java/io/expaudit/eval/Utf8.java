package io.expaudit.eval;

/**
 * UTF-8 encoding into a caller's buffer, without allocation on the hot path. Well-formed strings
 * encode identically in both engines; a lone UTF-16 surrogate is {@code '?'} on the JVM
 * ({@code String.getBytes(UTF_8)}) and its 3-byte form in the JS engine (spec §3.1, §6.9 row 9).
 */
final class Utf8 {
  private Utf8() {}

  /** The most bytes {@code chars} UTF-16 units can take. */
  static int maxBytes(int chars) {
    return chars * 3;
  }

  /** Encodes {@code s} at {@code out[offset]}; returns the new offset. */
  static int encode(String s, byte[] out, int offset, Semantics semantics) {
    int p = offset;
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        out[p++] = (byte) c;
      } else if (c < 0x800) {
        out[p++] = (byte) (0xc0 | c >> 6);
        out[p++] = (byte) (0x80 | c & 0x3f);
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        out[p++] = (byte) (0xf0 | cp >> 18);
        out[p++] = (byte) (0x80 | cp >> 12 & 0x3f);
        out[p++] = (byte) (0x80 | cp >> 6 & 0x3f);
        out[p++] = (byte) (0x80 | cp & 0x3f);
      } else if (Character.isSurrogate(c) && semantics == Semantics.KOTLIN) {
        out[p++] = (byte) '?';
      } else {
        out[p++] = (byte) (0xe0 | c >> 12);
        out[p++] = (byte) (0x80 | c >> 6 & 0x3f);
        out[p++] = (byte) (0x80 | c & 0x3f);
      }
    }
    return p;
  }
}
