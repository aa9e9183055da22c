package io.emqx.mcp.policy;

import java.util.regex.Pattern;

/** A config glob: {@code *} is any run of characters, {@code ?} one character, the rest literal. */
record Glob(String text, Pattern pattern) {

  static Glob of(String text, boolean ignoreCase) {
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == '*') {
        re.append(".*");
      } else if (cp == '?') {
        re.append('.');
      } else {
        re.append(Pattern.quote(new String(Character.toChars(cp))));
      }
    }
    int flags = Pattern.DOTALL | (ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
    return new Glob(text, Pattern.compile(re.toString(), flags));
  }

  boolean matches(String value) {
    return pattern.matcher(value).matches();
  }
}
