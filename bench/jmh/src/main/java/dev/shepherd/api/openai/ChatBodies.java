package dev.shepherd.api.openai;

import java.nio.charset.StandardCharsets;

/**
 * Realistic chat request bodies of a chosen size, as the official SDKs send them: {@code messages}
 * first, then {@code model} and the sampling options; a system prompt, alternating user/assistant
 * turns with escapes ({@code \n}, {@code \"}) and some non-ASCII text; no {@code stream_options}.
 */
final class ChatBodies {
  private static final String SYSTEM = "You are Shepherd Support, a concise assistant for an internal developer "
      + "platform. Answer in the user's language. Prefer short code samples; never invent API names.";
  private static final String[] USER = {
      "How do I rotate my API key without downtime?\nWe run three replicas behind a load balancer.",
      "The SDK says \"429 rate_limit_exceeded\" even though we're under our RPM. Why?",
      "Peux-tu résumer la différence entre max_tokens et max_completion_tokens ? Merci 🙏",
      "Give me a curl example that streams a chat completion and prints only the content deltas.",
  };
  private static final String[] ASSISTANT = {
      "Create a second key, deploy it to one replica at a time, then revoke the old key:\n"
          + "1. POST /admin/v1/keys\n2. roll the replicas\n3. DELETE /admin/v1/keys/{id}",
      "RPM is one of several limits: TPM counts prompt plus max_tokens, and concurrency limits apply too. "
          + "Check the \"x-ratelimit-remaining-tokens\" header.",
      "max_completion_tokens remplace max_tokens pour les modèles récents ; les deux bornent la sortie.",
      "curl -sN $BASE/v1/chat/completions -H \"Authorization: Bearer $KEY\" -d '{\"stream\":true,...}' "
          + "| sed -n 's/^data: //p' | jq -r '.choices[0].delta.content // empty'",
  };

  private ChatBodies() {}

  /**
   * A chat body of at least {@code minBytes} bytes: whole turns are added until the body without
   * {@code "stream":true} reaches that size, so both variants carry the same messages.
   */
  static byte[] chat(int minBytes, boolean stream) {
    String options = "],\"model\":\"gpt-4o-mini\",\"temperature\":0.7,\"top_p\":1,\"max_tokens\":512,"
        + "\"user\":\"team-42/alice\"";
    StringBuilder last = new StringBuilder(",");
    message(last, "user", "Thanks! One more: what does x-should-retry mean?");
    StringBuilder sb = new StringBuilder(minBytes + 1024).append("{\"messages\":[");
    message(sb, "system", SYSTEM);
    int turn = 0;
    do {
      sb.append(',');
      message(sb, "user", USER[turn % USER.length]);
      sb.append(',');
      message(sb, "assistant", ASSISTANT[turn % ASSISTANT.length]);
      turn++;
    } while (utf8Length(sb) + last.length() + options.length() + 1 < minBytes);
    sb.append(last).append(options).append(stream ? ",\"stream\":true}" : "}");
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void message(StringBuilder sb, String role, String content) {
    sb.append("{\"role\":\"").append(role).append("\",\"content\":\"");
    com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(content, sb);
    sb.append("\"}");
  }

  private static int utf8Length(CharSequence s) {
    return s.toString().getBytes(StandardCharsets.UTF_8).length;
  }
}
