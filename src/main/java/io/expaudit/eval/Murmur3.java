package io.expaudit.eval;

/**
 * MurmurHash3 x86 32-bit (Austin Appleby's public-domain reference), the hash Amplitude buckets
 * with (spec §3.1): blocks read little-endian, the usual tail, {@code fmix32}. Frozen: a
 * behaviour change would be a new named function, never an edit.
 */
public final class Murmur3 {
  private static final int C1 = 0xcc9e2d51;
  private static final int C2 = 0x1b873593;

  private Murmur3() {}

  /** The signed 32-bit hash of {@code data[0, length)} with {@code seed}. */
  @SuppressWarnings("fallthrough")
  public static int hash32x86(byte[] data, int length, int seed) {
    int h = seed;
    int blocks = length >>> 2;
    for (int i = 0; i < blocks; i++) {
      int o = i << 2;
      int k =
          (data[o] & 0xff)
              | (data[o + 1] & 0xff) << 8
              | (data[o + 2] & 0xff) << 16
              | (data[o + 3] & 0xff) << 24;
      h ^= mixK(k);
      h = Integer.rotateLeft(h, 13);
      h = h * 5 + 0xe6546b64;
    }
    int tail = blocks << 2;
    int k = 0;
    switch (length - tail) {
      case 3:
        k ^= (data[tail + 2] & 0xff) << 16;
      // fall through
      case 2:
        k ^= (data[tail + 1] & 0xff) << 8;
      // fall through
      case 1:
        k ^= data[tail] & 0xff;
        h ^= mixK(k);
        break;
      default:
        break;
    }
    h ^= length;
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }

  /** The hash read as unsigned, 0 to 4294967295, as Amplitude uses it (spec §3.1). */
  public static long unsigned(byte[] data, int length, int seed) {
    return Integer.toUnsignedLong(hash32x86(data, length, seed));
  }

  private static int mixK(int k) {
    k *= C1;
    k = Integer.rotateLeft(k, 15);
    return k * C2;
  }
}
