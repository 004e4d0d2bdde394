package dev.shepherd.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenApiSchemasTest {

    private static final OpenApiSchemas SCHEMAS = OpenApiSchemas.load();

    /** A non-streaming chat completion as documented in the OpenAI API reference. */
    private static final String CHAT_COMPLETION = """
            {
              "id": "chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG",
              "object": "chat.completion",
              "created": 1741570283,
              "model": "gpt-4o-2024-08-06",
              "choices": [
                {
                  "index": 0,
                  "message": {
                    "role": "assistant",
                    "content": "The image shows a wooden boardwalk path running through a lush green field.",
                    "refusal": null,
                    "annotations": []
                  },
                  "logprobs": null,
                  "finish_reason": "stop"
                }
              ],
              "usage": {
                "prompt_tokens": 1117,
                "completion_tokens": 46,
                "total_tokens": 1163,
                "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
                "completion_tokens_details": {
                  "reasoning_tokens": 0,
                  "audio_tokens": 0,
                  "accepted_prediction_tokens": 0,
                  "rejected_prediction_tokens": 0
                }
              },
              "service_tier": "default",
              "system_fingerprint": "fp_fc9f1d7035"
            }
            """;

    @Test
    void loadIsCachedAndContainsTheRequestedSchemas() {
        assertSame(SCHEMAS, OpenApiSchemas.load());
        assertTrue(SCHEMAS.schemaNames().containsAll(List.of(
                "CreateChatCompletionResponse", "CreateChatCompletionStreamResponse",
                "CreateCompletionResponse", "ListModelsResponse", "Model",
                "CreateEmbeddingResponse", "ErrorResponse")), SCHEMAS.schemaNames().toString());
        assertThrows(IllegalArgumentException.class, () -> SCHEMAS.validate("NoSuchSchema", "{}"));
    }

    @Test
    void nullableIsRewrittenToAnyOfWithNullFirst() {
        JsonNode usage = SCHEMAS.schemaDocument(OpenApiSchemas.CHAT_COMPLETION_CHUNK)
                .at("/$defs/CreateChatCompletionStreamResponse/properties/usage");
        assertFalse(usage.has("nullable"), usage.toString());
        assertEquals("null", usage.at("/anyOf/0/type").asText(), usage.toString());
        assertEquals("#/$defs/CompletionUsage", usage.at("/anyOf/1/$ref").asText(), usage.toString());
        assertFalse(SCHEMAS.schemaDocument(OpenApiSchemas.CHAT_COMPLETION_CHUNK).toString().contains("nullable"));
    }

    @Test
    void conversionHandlesBothOpenApi30And31NullStyles() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        // 3.0: nullable next to enum, next to $ref, nested, and nullable: false
        JsonNode converted = OpenApiSchemas.toJsonSchema(mapper.readTree("""
                {"type":"object","nullable":true,"x-oaiMeta":{"name":"n"},
                 "properties":{
                   "nullable":{"type":"boolean"},
                   "reason":{"type":"string","enum":["stop"],"nullable":true},
                   "usage":{"$ref":"#/components/schemas/CompletionUsage","nullable":true},
                   "count":{"type":"integer","nullable":false}}}
                """), false);
        assertEquals(mapper.readTree("""
                {"anyOf":[{"type":"null"},{"type":"object","properties":{
                   "nullable":{"type":"boolean"},
                   "reason":{"anyOf":[{"type":"null"},{"type":"string","enum":["stop"]}]},
                   "usage":{"anyOf":[{"type":"null"},{"$ref":"#/$defs/CompletionUsage"}]},
                   "count":{"type":"integer"}}}]}
                """), converted);
        // 3.1: already JSON Schema, passes through (refs aside)
        String openApi31 = """
                {"type":"object","properties":{
                   "a":{"anyOf":[{"type":"string"},{"type":"null"}]},
                   "b":{"type":["integer","null"]},
                   "c":{"anyOf":[{"$ref":"#/$defs/ServiceTier"},{"type":"null"}]}}}
                """;
        assertEquals(mapper.readTree(openApi31),
                OpenApiSchemas.toJsonSchema(mapper.readTree(openApi31), false));
    }

    @Test
    void realChatCompletionValidates() {
        SCHEMAS.assertValid(OpenApiSchemas.CHAT_COMPLETION, CHAT_COMPLETION);
    }

    @Test
    void chatCompletionWithToolCallsAndUnknownExtraFieldValidates() {
        SCHEMAS.assertValid(OpenApiSchemas.CHAT_COMPLETION, """
                {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"gpt-4o",
                 "x_shepherd_extra":{"anything":true},
                 "choices":[{"index":0,"finish_reason":"tool_calls","logprobs":null,
                   "message":{"role":"assistant","content":null,"refusal":null,
                     "tool_calls":[{"id":"call_abc","type":"function",
                       "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]}}],
                 "usage":{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15}}
                """);
    }

    @Test
    void chatCompletionWithoutChoicesFails() {
        String json = CHAT_COMPLETION.replaceFirst("(?s)\"choices\": \\[.*?\\n  \\],", "");
        assertFalse(json.contains("\"choices\""), json);
        List<String> messages = SCHEMAS.validate(OpenApiSchemas.CHAT_COMPLETION, json);
        assertEquals(1, messages.size(), messages.toString());
        assertTrue(messages.getFirst().contains("choices"), messages.toString());
        AssertionError error = assertThrows(AssertionError.class,
                () -> SCHEMAS.assertValid(OpenApiSchemas.CHAT_COMPLETION, json));
        assertTrue(error.getMessage().contains("choices"), error.getMessage());
        assertTrue(error.getMessage().contains("chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG"), error.getMessage());
    }

    @Test
    void chatCompletionWithWrongTypesReportsEachViolation() {
        List<String> messages = SCHEMAS.validate(OpenApiSchemas.CHAT_COMPLETION, CHAT_COMPLETION
                .replace("\"object\": \"chat.completion\"", "\"object\": \"chat.completion.chunk\"")
                .replace("\"created\": 1741570283", "\"created\": \"yesterday\""));
        assertEquals(2, messages.size(), messages.toString());
        assertTrue(messages.stream().anyMatch(m -> m.contains("$.object")), messages.toString());
        assertTrue(messages.stream().anyMatch(m -> m.contains("$.created")), messages.toString());
    }

    @Test
    void invalidJsonIsReportedNotThrown() {
        List<String> messages = SCHEMAS.validate(OpenApiSchemas.CHAT_COMPLETION, "{\"id\":");
        assertEquals(1, messages.size(), messages.toString());
        assertTrue(messages.getFirst().startsWith("not valid JSON"), messages.toString());
    }

    @Test
    void streamChunksValidate() {
        // first chunk, with include_usage: usage present but null; obfuscation is an extra field
        SCHEMAS.assertValid(OpenApiSchemas.CHAT_COMPLETION_CHUNK, """
                {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,
                 "model":"gpt-4o-mini","system_fingerprint":"fp_44709d6fcb","service_tier":"default",
                 "choices":[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},
                             "logprobs":null,"finish_reason":null}],
                 "usage":null,"obfuscation":"Zx9Qw"}
                """);
        // a tool-call delta and the finishing chunk
        SCHEMAS.assertValid(OpenApiSchemas.CHAT_COMPLETION_CHUNK, """
                {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini",
                 "choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","type":"function",
                   "function":{"name":"get_weather","arguments":""}}]},"finish_reason":null}]}
                """);
        SCHEMAS.assertValid(OpenApiSchemas.CHAT_COMPLETION_CHUNK, """
                {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini",
                 "choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}],"usage":null}
                """);
        // final usage-only chunk
        SCHEMAS.assertValid(OpenApiSchemas.CHAT_COMPLETION_CHUNK, """
                {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,
                 "model":"gpt-4o-mini","system_fingerprint":"fp_44709d6fcb","choices":[],
                 "usage":{"prompt_tokens":9,"completion_tokens":12,"total_tokens":21,
                          "prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},
                          "completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,
                            "accepted_prediction_tokens":0,"rejected_prediction_tokens":0}}}
                """);
    }

    @Test
    void invalidStreamChunksFail() {
        assertFalse(SCHEMAS.validate(OpenApiSchemas.CHAT_COMPLETION_CHUNK, """
                {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"m",
                 "choices":[{"index":0,"delta":{},"finish_reason":"done"}]}
                """).isEmpty(), "unknown finish_reason");
        assertFalse(SCHEMAS.validate(OpenApiSchemas.CHAT_COMPLETION_CHUNK, """
                {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"m",
                 "choices":[{"index":0,"delta":{}}]}
                """).isEmpty(), "finish_reason is required (null allowed, absent not)");
        assertFalse(SCHEMAS.validate(OpenApiSchemas.CHAT_COMPLETION_CHUNK, """
                {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"m",
                 "choices":[],"usage":{"prompt_tokens":9}}
                """).isEmpty(), "incomplete usage");
    }

    @Test
    void legacyCompletionValidates() {
        SCHEMAS.assertValid(OpenApiSchemas.COMPLETION, """
                {"id":"cmpl-uqkvlQyYK7bGYrRHQ0eXlWi7","object":"text_completion","created":1589478378,
                 "model":"gpt-3.5-turbo-instruct",
                 "choices":[{"text":"\\n\\nThis is indeed a test","index":0,"logprobs":null,"finish_reason":"length"}],
                 "usage":{"prompt_tokens":5,"completion_tokens":7,"total_tokens":12}}
                """);
        assertFalse(SCHEMAS.validate(OpenApiSchemas.COMPLETION, """
                {"id":"cmpl-1","object":"text_completion","created":1589478378,"model":"m",
                 "choices":[{"text":"x","index":0,"finish_reason":"length"}]}
                """).isEmpty(), "logprobs is required on a completion choice");
    }

    @Test
    void errorResponses() {
        SCHEMAS.assertValid(OpenApiSchemas.ERROR_RESPONSE,
                "{\"error\":{\"message\":\"x\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}");
        SCHEMAS.assertValid(OpenApiSchemas.ERROR_RESPONSE,
                "{\"error\":{\"message\":\"x\",\"type\":\"server_error\",\"param\":null,\"code\":null}}");
        List<String> messages = SCHEMAS.validate(OpenApiSchemas.ERROR_RESPONSE,
                "{\"error\":{\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}");
        assertEquals(1, messages.size(), messages.toString());
        assertTrue(messages.getFirst().contains("message"), messages.toString());
    }

    @Test
    void modelsList() {
        SCHEMAS.assertValid(OpenApiSchemas.MODEL_LIST, """
                {"object":"list","data":[
                  {"id":"gpt-4o-mini","object":"model","created":1686935002,"owned_by":"openai"},
                  {"id":"local-llama","object":"model","created":1700000000,"owned_by":"shepherd"}]}
                """);
        SCHEMAS.assertValid(OpenApiSchemas.MODEL,
                "{\"id\":\"gpt-4o-mini\",\"object\":\"model\",\"created\":1686935002,\"owned_by\":\"openai\"}");
        assertFalse(SCHEMAS.validate(OpenApiSchemas.MODEL_LIST,
                "{\"object\":\"list\",\"data\":[{\"id\":\"m\",\"object\":\"model\",\"created\":1}]}").isEmpty(),
                "owned_by is required");
    }

    @Test
    void embeddingResponseWithFloats() {
        String json = """
                {"object":"list","model":"text-embedding-3-small",
                 "data":[{"object":"embedding","index":0,"embedding":[0.0023064255,-0.009327292,-0.0028842222]}],
                 "usage":{"prompt_tokens":8,"total_tokens":8}}
                """;
        SCHEMAS.assertValid(OpenApiSchemas.EMBEDDING_RESPONSE, json);
        SCHEMAS.assertValidEmbeddingResponse(json);
    }

    @Test
    void embeddingResponseWithBase64IsNotAllowedBySpecButValidatesAfterDecoding() throws Exception {
        float[] vector = {0.0023064255f, -0.009327292f, 1.5f};
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : vector) {
            bytes.putFloat(f);
        }
        String base64 = Base64.getEncoder().encodeToString(bytes.array());
        String json = """
                {"object":"list","model":"text-embedding-3-small",
                 "data":[{"object":"embedding","index":0,"embedding":"%s"}],
                 "usage":{"prompt_tokens":8,"total_tokens":8}}
                """.formatted(base64);

        // the spec types Embedding.embedding as array of number only
        List<String> raw = SCHEMAS.validate(OpenApiSchemas.EMBEDDING_RESPONSE, json);
        assertEquals(1, raw.size(), raw.toString());
        assertTrue(raw.getFirst().contains("$.data[0].embedding"), raw.toString());

        String decoded = OpenApiSchemas.decodeBase64Embeddings(json);
        SCHEMAS.assertValid(OpenApiSchemas.EMBEDDING_RESPONSE, decoded);
        JsonNode floats = new ObjectMapper().readTree(decoded).at("/data/0/embedding");
        assertEquals(vector.length, floats.size());
        for (int i = 0; i < vector.length; i++) {
            assertEquals(vector[i], floats.get(i).floatValue());
        }
        SCHEMAS.assertValidEmbeddingResponse(json);

        List<String> bad = SCHEMAS.validateEmbeddingResponse(json.replace(base64, "AAAA"));
        assertEquals(1, bad.size(), bad.toString());
        assertTrue(bad.getFirst().contains("float32"), bad.toString());
        assertFalse(SCHEMAS.validateEmbeddingResponse(json.replace(base64, "not base64!")).isEmpty());
    }
}
