package dev.shepherd.observe.requestlog;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from captured payloads before they are stored. What it replaces with
 * {@value #MARK}:
 * <ul>
 *   <li>JSON string values (plain, or escaped inside another JSON string) whose key ends with
 *       {@code api_key}, {@code apikey}, {@code password}, {@code passwd}, {@code pwd},
 *       {@code secret}, {@code token}, {@code authorization}, {@code credential(s)},
 *       {@code private_key}, {@code access_key}, {@code cookie} (any case; {@code max_tokens} and
 *       other numbers are untouched);
 *   <li>{@code name=value} / {@code name: value} in text for the same names;
 *   <li>API keys by shape: {@code sk-…} (OpenAI, Anthropic, Shepherd's {@code sk-shp-…}),
 *       {@code Bearer …} tokens, AWS key ids {@code AKIA…}/{@code ASIA…}, GitHub
 *       ({@code ghp_…}, {@code github_pat_…}), Slack ({@code xox?-…}), Google ({@code AIza…}),
 *       Stripe ({@code sk_live_…}), JSON Web Tokens, PEM private key blocks, and the password of
 *       {@code scheme://user:password@host} URLs.
 * </ul>
 * It is a safety net, not a guarantee: a secret without a recognisable name or shape stays.
 * Thread-safe (patterns are immutable).
 */
public final class Redactor {
  /** What a secret is replaced with. */
  public static final String MARK = "[REDACTED]";
  /** Bytes read beyond the kept length, so a secret cut by the limit is still recognised whole. */
  static final int MARGIN = 4_096;
  private static final String NAMES = "(?:api[_-]?key|apikey|password|passwd|pwd|secret|token|authorization"
      + "|credentials?|private[_-]?key|access[_-]?key|cookie)";
  private static final List<Rule> RULES = List.of(
      new Rule("-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----[\\s\\S]*?(?:-----END \\1PRIVATE KEY-----|$)",
          "-----BEGIN $1PRIVATE KEY-----" + MARK + "-----END $1PRIVATE KEY-----"),
      new Rule("(?i)(\"[A-Za-z0-9_.\\-]*?" + NAMES + "\"\\s*:\\s*\")(?:[^\"\\\\]++|\\\\.)*+(?:\"|$)", "$1" + MARK + "\""),
      new Rule("(?i)(\\\\\"[A-Za-z0-9_.\\-]*?" + NAMES + "\\\\\"\\s*:\\s*\\\\\")(?:[^\\\\]++|\\\\[^\"])*+(?:\\\\\"|$)",
          "$1" + MARK + "\\\\\""),
      new Rule("(?i)\\b(bearer)\\s+[A-Za-z0-9._~+/\\-]{8,}=*", "$1 " + MARK),
      new Rule("(?i)\\b([A-Za-z0-9_\\-]*" + NAMES + ")(\\s*[=:]\\s*)(?![\\s\"'\\\\])[^\\s\"'&,;\\\\<>{}\\[\\]]+",
          "$1$2" + MARK),
      new Rule("\\bsk-shp-[A-Za-z0-9_\\-]{8,}", "sk-shp-" + MARK),
      new Rule("\\bsk-[A-Za-z0-9_\\-]{16,}", "sk-" + MARK),
      new Rule("\\b[rs]k_(?:live|test)_[A-Za-z0-9]{16,}", MARK),
      new Rule("\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b", MARK),
      new Rule("\\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{30,}|\\bgithub_pat_[A-Za-z0-9_]{20,}", MARK),
      new Rule("\\bxox[abposr]-[A-Za-z0-9\\-]{10,}", MARK),
      new Rule("\\bAIza[0-9A-Za-z_\\-]{35}", MARK),
      new Rule("\\beyJ[A-Za-z0-9_\\-]{8,}\\.eyJ[A-Za-z0-9_\\-]{8,}\\.[A-Za-z0-9_\\-]{8,}", MARK),
      new Rule("(://[^/\\s:@\"]+):[^/\\s@\"]+@", "$1:" + MARK + "@"));

  private record Rule(Pattern pattern, String replacement) {
    Rule(String regex, String replacement) {
      this(Pattern.compile(regex), replacement);
    }
  }

  private Redactor() {}

  /** {@code text} with every secret it recognises replaced; {@code null} stays {@code null}. */
  public static String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = text;
    for (Rule r : RULES) {
      Matcher m = r.pattern.matcher(out);
      if (m.find()) {
        out = m.replaceAll(r.replacement);
      }
    }
    return out;
  }

  /**
   * A payload as stored: decoded as UTF-8 (bad bytes become U+FFFD), redacted, then cut to at most
   * {@code maxBytes} UTF-8 bytes on a character boundary, with {@code …[truncated; N bytes in all]}
   * appended when it was longer. Redaction sees {@link #MARGIN} bytes past the limit, so a secret
   * that the cut would split is still replaced.
   */
  public static String capture(byte[] bytes, int maxBytes) {
    return bytes == null ? null : capture(bytes, bytes.length, maxBytes);
  }

  /** As {@link #capture(byte[], int)} for a payload of {@code totalLength} bytes of which {@code prefix} is the start. */
  static String capture(byte[] prefix, long totalLength, int maxBytes) {
    int read = (int) Math.min(prefix.length, (long) maxBytes + MARGIN);
    String text = redact(decode(prefix, read));
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    if (utf8.length <= maxBytes && read == totalLength) {
      return text;
    }
    String kept = decode(utf8, Math.min(maxBytes, utf8.length));
    if (kept.endsWith("\uFFFD") && utf8.length > maxBytes) {
      kept = kept.substring(0, kept.length() - 1); // a character cut in two by the limit
    }
    return kept + "…[truncated; " + totalLength + " bytes in all]";
  }

  private static String decode(byte[] bytes, int length) {
    CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE);
    try {
      CharBuffer chars = d.decode(ByteBuffer.wrap(bytes, 0, length));
      return chars.toString();
    } catch (CharacterCodingException e) {
      return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }
  }
}
