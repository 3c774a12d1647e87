package io.expaudit.lint;

import java.util.regex.Pattern;

/**
 * Full matches of configured patterns against keys with a budget of character reads, so that a
 * pattern from {@code conf/} that backtracks catastrophically (e.g. {@code (a+)+b}) gives up on
 * one key instead of hanging the run.
 */
final class BoundedMatch {
  /** Character reads one match may make; a sane key pattern needs a few hundred. */
  static final long BUDGET = 1_000_000L;

  enum Result {
    MATCH,
    NO_MATCH,
    TOO_EXPENSIVE
  }

  private BoundedMatch() {}

  static Result fullMatch(Pattern pattern, String input) {
    try {
      return pattern.matcher(new Budgeted(input, new long[] {BUDGET})).matches()
          ? Result.MATCH
          : Result.NO_MATCH;
    } catch (Exhausted | StackOverflowError e) {
      return Result.TOO_EXPENSIVE;
    }
  }

  private static final class Exhausted extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Exhausted() {
      super(null, null, false, false);
    }
  }

  /** A string whose reads count down a budget shared with its subsequences. */
  private record Budgeted(String text, long[] left) implements CharSequence {
    @Override
    public char charAt(int index) {
      if (--left[0] < 0) {
        throw new Exhausted();
      }
      return text.charAt(index);
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new Budgeted(text.substring(start, end), left);
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
