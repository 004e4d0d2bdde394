package dev.shepherd.testing;

import java.util.ArrayList;
import java.util.List;

/** Recorded OpenAI stream fixtures shared by tests (and benchmarks). */
public final class Chunks {
  private Chunks() {}

  public static String chunk(String model, String content, String finish) {
    String delta = content == null ? "{}" : "{\"content\":\"" + content + "\"}";
    return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\""
        + model + "\",\"system_fingerprint\":\"fp_test\",\"choices\":[{\"index\":0,\"delta\":" + delta
        + ",\"logprobs\":null,\"finish_reason\":" + (finish == null ? "null" : "\"" + finish + "\"") + "}]}";
  }

  public static String usageChunk(String model, int prompt, int completion) {
    return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\""
        + model + "\",\"system_fingerprint\":\"fp_test\",\"choices\":[],\"usage\":{\"prompt_tokens\":" + prompt
        + ",\"completion_tokens\":" + completion + ",\"total_tokens\":" + (prompt + completion) + "}}";
  }

  /** A normal stream: role chunk, n content chunks, finish chunk, usage chunk, [DONE]. */
  public static List<String> stream(String model, int n) {
    List<String> events = new ArrayList<>();
    events.add("data: " + chunk(model, "", null).replace("{\"content\":\"\"}", "{\"role\":\"assistant\",\"content\":\"\"}"));
    for (int i = 0; i < n; i++) {
      events.add("data: " + chunk(model, "w" + i + " ", null));
    }
    events.add("data: " + chunk(model, null, "stop"));
    events.add("data: " + usageChunk(model, 11, n));
    events.add("data: [DONE]");
    return events;
  }

  public static String completion(String model, String content) {
    return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\"" + model
        + "\",\"system_fingerprint\":\"fp_test\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
        + "\"content\":\"" + content + "\",\"refusal\":null},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
        + "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":3,\"total_tokens\":12}}";
  }
}
