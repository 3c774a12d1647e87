package io.expaudit.eval;

/** The 20 condition operators by their served names (spec §6), plus {@link #UNKNOWN}. */
enum Operator {
  IS("is"),
  IS_NOT("is not"),
  CONTAINS("contains"),
  DOES_NOT_CONTAIN("does not contain"),
  LESS("less"),
  LESS_OR_EQUAL("less or equal"),
  GREATER("greater"),
  GREATER_OR_EQUAL("greater or equal"),
  VERSION_LESS("version less"),
  VERSION_LESS_OR_EQUAL("version less or equal"),
  VERSION_GREATER("version greater"),
  VERSION_GREATER_OR_EQUAL("version greater or equal"),
  SET_IS("set is"),
  SET_IS_NOT("set is not"),
  SET_CONTAINS("set contains"),
  SET_DOES_NOT_CONTAIN("set does not contain"),
  SET_CONTAINS_ANY("set contains any"),
  SET_DOES_NOT_CONTAIN_ANY("set does not contain any"),
  REGEX_MATCH("regex match"),
  REGEX_DOES_NOT_MATCH("regex does not match"),
  /** Any other name: the condition is false, as in both engines (spec §6.3). */
  UNKNOWN("");

  final String wireName;

  Operator(String wireName) {
    this.wireName = wireName;
  }

  static Operator of(String name) {
    for (Operator op : values()) {
      if (op != UNKNOWN && op.wireName.equals(name)) {
        return op;
      }
    }
    return UNKNOWN;
  }

  boolean isSet() {
    return ordinal() >= SET_IS.ordinal() && ordinal() <= SET_DOES_NOT_CONTAIN_ANY.ordinal();
  }

  boolean isNumeric() {
    return ordinal() >= LESS.ordinal() && ordinal() <= GREATER_OR_EQUAL.ordinal();
  }

  boolean isVersion() {
    return ordinal() >= VERSION_LESS.ordinal() && ordinal() <= VERSION_GREATER_OR_EQUAL.ordinal();
  }

  /** Whether a comparison result {@code c} (negative, zero, positive) satisfies this operator. */
  boolean accepts(int c) {
    return switch (this) {
      case LESS, VERSION_LESS -> c < 0;
      case LESS_OR_EQUAL, VERSION_LESS_OR_EQUAL -> c <= 0;
      case GREATER, VERSION_GREATER -> c > 0;
      case GREATER_OR_EQUAL, VERSION_GREATER_OR_EQUAL -> c >= 0;
      default -> false;
    };
  }
}
