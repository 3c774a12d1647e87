package io.expaudit.report;

/**
 * HTML text escaping. Every value that comes from the inputs (flag keys, variant names, ids,
 * details) goes through {@link #esc} before it reaches the page, in text and in attributes.
 */
final class Html {
  private Html() {}

  /** Escapes {@code & < > " '} so the text is inert in element content and quoted attributes. */
  static String esc(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      String replacement = switch (c) {
        case '&' -> "&amp;";
        case '<' -> "&lt;";
        case '>' -> "&gt;";
        case '"' -> "&quot;";
        case '\'' -> "&#39;";
        default -> null;
      };
      if (replacement == null && Character.isISOControl(c) && c != '\n' && c != '\t') {
        replacement = "\uFFFD"; // control characters are not allowed in HTML text
      }
      if (replacement != null) {
        if (out == null) {
          out = new StringBuilder(text.length() + 16).append(text, 0, i);
        }
        out.append(replacement);
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? text : out.toString();
  }
}
