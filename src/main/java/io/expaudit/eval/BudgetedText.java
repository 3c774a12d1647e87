package io.expaudit.eval;

/**
 * A string whose character reads count down a budget shared with its subsequences. Regular
 * expressions from configs (conditions, lint patterns) run over it, so that one that backtracks
 * catastrophically stops with {@link Exhausted} instead of hanging the run.
 */
public final class BudgetedText implements CharSequence {
  /** Thrown by {@link #charAt} once the budget is spent; control flow, so without a stack trace. */
  public static final class Exhausted extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Exhausted() {
      super(null, null, false, false);
    }
  }

  private final String text;
  private final long[] left;

  /** {@code text} allowing {@code budget} character reads in all. */
  public BudgetedText(String text, long budget) {
    this(text, new long[] {budget});
  }

  private BudgetedText(String text, long[] left) {
    this.text = text;
    this.left = left;
  }

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
    return new BudgetedText(text.substring(start, end), left);
  }

  @Override
  public String toString() {
    return text;
  }
}
