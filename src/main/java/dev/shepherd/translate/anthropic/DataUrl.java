package dev.shepherd.translate.anthropic;

/**
 * A base64 {@code data:} URL split into media type and payload ({@code data:image/png;base64,iVBO…}).
 * The payload is kept as text: nothing is decoded or re-encoded.
 */
record DataUrl(String mediaType, String base64) {

  /** Parses {@code url}; {@code null} when it is not a {@code data:} URL at all. */
  static DataUrl parse(String url, String param) {
    if (!url.regionMatches(true, 0, "data:", 0, 5)) {
      return null;
    }
    int comma = url.indexOf(',');
    if (comma < 0) {
      throw ParamChecks.value(param, "malformed data URL (expected: data:<media type>;base64,<data>)");
    }
    String meta = url.substring(5, comma);
    if (!meta.regionMatches(true, meta.length() - 7, ";base64", 0, 7) || meta.length() <= 7) {
      throw ParamChecks.value(param, "only base64 data URLs with a media type are supported"
          + " (expected: data:<media type>;base64,<data>)");
    }
    int semi = meta.indexOf(';');
    return new DataUrl(meta.substring(0, semi).toLowerCase(java.util.Locale.ROOT), url.substring(comma + 1));
  }

  /** The URL form: {@code data:<mediaType>;base64,<base64>}. */
  String toUrl() {
    return "data:" + mediaType + ";base64," + base64;
  }
}
