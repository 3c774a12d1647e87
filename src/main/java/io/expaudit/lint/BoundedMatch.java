package io.expaudit.lint;

import io.expaudit.eval.BudgetedText;
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
      return pattern.matcher(new BudgetedText(input, BUDGET)).matches()
          ? Result.MATCH
          : Result.NO_MATCH;
    } catch (BudgetedText.Exhausted | StackOverflowError e) {
      return Result.TOO_EXPENSIVE;
    }
  }
}
