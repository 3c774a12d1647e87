package io.expaudit.events;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The lines of a stream as ranges of one reused buffer, split at {@code \n}, {@code \r} or
 * {@code \r\n} as Hadoop's {@code LineReader} and editors split them; the last line needs no
 * ending. Lines are neither decoded nor copied: the parser reads them where they lie. Not
 * thread-safe; a line's range is valid until the next call to {@link #next()}.
 *
 * <p>A line longer than the limit is returned cut at the limit, marked {@link #overlong()}, and the
 * rest of it is skipped: a file without line breaks cannot exhaust the memory.
 */
public final class ByteLines implements Closeable {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long LFS = ONES * '\n';
  private static final long CRS = ONES * '\r';

  private final InputStream in;
  private final int maxLineLength;
  private byte[] buf;
  /** Unread data is {@code buf[pos, limit)}. */
  private int pos;
  private int limit;
  private boolean endOfStream;
  /** The last line ended with {@code \r}: a {@code \n} right after it belongs to that ending. */
  private boolean skipLf;
  /** The last line was cut: what is left of it up to its ending is skipped first. */
  private boolean skipRest;
  private int lineStart;
  private int lineLength;
  private boolean overlong;

  /**
   * @param bufferSize the initial buffer; it grows up to what the longest line needs
   * @param maxLineLength the longest line returned whole
   */
  public ByteLines(InputStream in, int bufferSize, int maxLineLength) {
    this.in = in;
    this.buf = new byte[Math.max(8, bufferSize)];
    this.maxLineLength = maxLineLength;
  }

  /** Moves to the next line; false at the end of the stream. */
  public boolean next() throws IOException {
    while (skipLf || skipRest) {
      if (pos == limit && !fill()) {
        return false;
      }
      if (skipLf) {
        skipLf = false;
        if (buf[pos] == '\n') {
          pos++;
        }
      } else {
        int end = lineEnd(pos);
        if (end < 0) {
          pos = limit; // all of it belongs to the cut line
        } else {
          skipRest = false;
          skipLf = buf[end] == '\r';
          pos = end + 1;
        }
      }
    }
    int scanned = 0; // bytes after pos already known to hold no line ending
    while (true) {
      int end = lineEnd(pos + scanned);
      if (end >= 0) {
        return line(end - pos, buf[end] == '\r', end + 1);
      }
      scanned = limit - pos;
      if (scanned > maxLineLength) { // its ending is yet to come: skip to it next time
        skipRest = true;
        return line(scanned, false, pos + maxLineLength);
      }
      if (!fill()) {
        return pos < limit && line(limit - pos, false, limit);
      }
    }
  }

  /** The line of {@code length} bytes at {@code pos}, cut at the limit; the next starts at {@code next}. */
  private boolean line(int length, boolean endedWithCr, int next) {
    lineStart = pos;
    overlong = length > maxLineLength;
    lineLength = Math.min(length, maxLineLength);
    skipLf = endedWithCr;
    pos = next;
    return true;
  }

  /** The buffer holding the line; valid until the next {@link #next()}. */
  public byte[] buffer() {
    return buf;
  }

  public int start() {
    return lineStart;
  }

  /** The line's length in bytes, without its ending. */
  public int length() {
    return lineLength;
  }

  /** Whether the line was cut at the maximum length. */
  public boolean overlong() {
    return overlong;
  }

  /**
   * The index of the first {@code \n} or {@code \r} in {@code buf[from, limit)}, or -1. Eight bytes
   * at a time: a byte equal to the ending makes its xor zero, and the classic zero-byte test flags
   * the lowest such byte exactly (any false flag sits above a true one).
   */
  private int lineEnd(int from) {
    int i = from;
    for (; i + 8 <= limit; i += 8) {
      long word = (long) LONGS.get(buf, i);
      long lf = word ^ LFS;
      long cr = word ^ CRS;
      long found = ((lf - ONES) & ~lf | (cr - ONES) & ~cr) & HIGHS;
      if (found != 0) {
        return i + (Long.numberOfTrailingZeros(found) >>> 3);
      }
    }
    for (; i < limit; i++) {
      if (buf[i] == '\n' || buf[i] == '\r') {
        return i;
      }
    }
    return -1;
  }

  /**
   * Reads more after {@code limit}, first moving the unread data to the front (or growing the
   * buffer when it is full of one line); false at the end of the stream.
   */
  private boolean fill() throws IOException {
    if (endOfStream) {
      return false;
    }
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, limit - pos);
      limit -= pos;
      pos = 0;
    }
    if (limit == buf.length) {
      buf = Arrays.copyOf(buf, (int) Math.min((long) buf.length * 2, Integer.MAX_VALUE - 8));
    }
    int n;
    do {
      n = in.read(buf, limit, buf.length - limit);
    } while (n == 0);
    if (n < 0) {
      endOfStream = true;
      return false;
    }
    limit += n;
    return true;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
