package dev.shepherd.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates JSON bodies and stream chunks against the official OpenAI OpenAPI schemas.
 *
 * <p>The schemas come from {@code src/test/resources/openapi/openai-subset.yaml}, a verbatim
 * subset of {@code components.schemas} of the public OpenAI spec (repository
 * {@code openai/openai-openapi}, MIT; the file header names the exact commit). It contains
 * {@link #CHAT_COMPLETION CreateChatCompletionResponse},
 * {@link #CHAT_COMPLETION_CHUNK CreateChatCompletionStreamResponse},
 * {@link #COMPLETION CreateCompletionResponse}, {@link #MODEL_LIST ListModelsResponse},
 * {@link #MODEL Model}, {@link #EMBEDDING_RESPONSE CreateEmbeddingResponse} and
 * {@link #ERROR_RESPONSE ErrorResponse}, plus every schema they reference; any of these names
 * can be passed to {@link #validate}.
 *
 * <p>Loading (done once per JVM, see {@link #load()}):
 * <ul>
 *   <li>OpenAPI 3.0 {@code nullable: true} is rewritten to {@code anyOf: [{type: "null"}, <schema
 *       without nullable>]} (null first), recursively, because JSON Schema has no such keyword.
 *       {@code nullable: false} is dropped. Schemas already written in OpenAPI 3.1 style
 *       ({@code anyOf} with {@code {type: "null"}}, or {@code type: [X, "null"]}) pass through
 *       unchanged, since they are plain JSON Schema 2020-12.</li>
 *   <li>All {@code components.schemas} entries become {@code $defs} of one JSON Schema 2020-12
 *       document and every {@code #/components/schemas/X} reference is rewritten to
 *       {@code #/$defs/X}.</li>
 *   <li>Vendor extensions ({@code x-*}) and OpenAPI's {@code discriminator} are removed. The
 *       discriminators in this subset have no {@code mapping} and only decorate {@code oneOf}s
 *       whose branches already exclude each other through their {@code type} enum, so plain
 *       {@code oneOf} gives the same verdict. (networknt's own discriminator support would map
 *       the value to a schema <em>name</em>, which these spec entries do not follow, and any
 *       other registration of the keyword breaks its {@code oneOf}.)</li>
 * </ul>
 * Validation uses networknt json-schema-validator with dialect 2020-12 defaults, so {@code format}
 * ({@code uri}, the spec's own {@code unixtime}, {@code float}) is an annotation, not asserted.
 * Nothing adds {@code additionalProperties: false}: unknown extra fields (e.g. OpenAI's stream
 * {@code obfuscation}) are accepted exactly where the spec accepts them, i.e. everywhere in this
 * subset.
 *
 * <p><b>Base64 embeddings.</b> The spec's {@code Embedding.embedding} is {@code array of number}
 * only, although the API returns a base64 string (little-endian float32 bytes) when the request
 * says {@code "encoding_format": "base64"}. A base64 embedding response therefore does <em>not</em>
 * validate against {@code CreateEmbeddingResponse} as-is. Use {@link #decodeBase64Embeddings}
 * (or {@link #validateEmbeddingResponse}, which accepts both encodings) to turn every base64
 * string into its float array first; the string must be valid base64 of a whole number of
 * float32 values or the helpers report it.
 */
public final class OpenApiSchemas {

    public static final String CHAT_COMPLETION = "CreateChatCompletionResponse";
    public static final String CHAT_COMPLETION_CHUNK = "CreateChatCompletionStreamResponse";
    public static final String COMPLETION = "CreateCompletionResponse";
    public static final String MODEL_LIST = "ListModelsResponse";
    public static final String MODEL = "Model";
    public static final String EMBEDDING_RESPONSE = "CreateEmbeddingResponse";
    public static final String ERROR_RESPONSE = "ErrorResponse";

    /** Classpath location of the spec subset. */
    public static final String RESOURCE = "/openapi/openai-subset.yaml";

    private static final String COMPONENTS_PREFIX = "#/components/schemas/";
    private static final String DEFS_PREFIX = "#/$defs/";
    private static final String DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static volatile OpenApiSchemas instance;

    private final ObjectNode defs;
    private final JsonSchemaFactory factory;
    private final SchemaValidatorsConfig config;
    private final Map<String, JsonSchema> compiled = new ConcurrentHashMap<>();

    private OpenApiSchemas(ObjectNode defs) {
        this.defs = defs;
        this.factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        this.config = SchemaValidatorsConfig.builder().pathType(PathType.JSON_PATH).build();
    }

    /** Loads (once per JVM) and returns the schemas of {@link #RESOURCE}. */
    public static OpenApiSchemas load() {
        OpenApiSchemas result = instance;
        if (result == null) {
            synchronized (OpenApiSchemas.class) {
                result = instance;
                if (result == null) {
                    result = new OpenApiSchemas(readDefs());
                    instance = result;
                }
            }
        }
        return result;
    }

    /** Names of every schema that {@link #validate} accepts, sorted. */
    public Set<String> schemaNames() {
        Set<String> names = new TreeSet<>();
        defs.fieldNames().forEachRemaining(names::add);
        return Collections.unmodifiableSet(names);
    }

    /** The JSON Schema (2020-12, after the load-time rewrites) used for {@code schemaName}. */
    public JsonNode schemaDocument(String schemaName) {
        return documentFor(requireKnown(schemaName)).deepCopy();
    }

    /**
     * Validates {@code json} against the named schema.
     *
     * @return an empty list when valid, else one readable message per violation
     *     (JSON path of the offending value first), sorted
     * @throws IllegalArgumentException for a schema name that is not in the subset
     */
    public List<String> validate(String schemaName, String json) {
        JsonSchema schema = compiled.computeIfAbsent(requireKnown(schemaName),
                name -> factory.getSchema(SchemaLocation.of("urn:openai-subset:" + name),
                        documentFor(name), config));
        JsonNode instanceNode;
        try {
            instanceNode = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return List.of("not valid JSON: " + e.getOriginalMessage());
        }
        if (instanceNode == null || instanceNode.isMissingNode()) {
            return List.of("not valid JSON: empty input");
        }
        List<String> messages = new ArrayList<>();
        for (ValidationMessage m : schema.validate(instanceNode)) {
            messages.add(m.getMessage());
        }
        messages.sort(Comparator.naturalOrder());
        return messages;
    }

    /** Throws an {@link AssertionError} listing every violation and the JSON when not valid. */
    public void assertValid(String schemaName, String json) {
        List<String> messages = validate(schemaName, json);
        if (!messages.isEmpty()) {
            throw new AssertionError("JSON does not match OpenAI schema " + schemaName + ":\n  - "
                    + String.join("\n  - ", messages) + "\njson: " + json);
        }
    }

    /**
     * Validates an embeddings response in either encoding: base64 string embeddings are decoded
     * to float arrays ({@link #decodeBase64Embeddings}) and the result is validated against
     * {@code CreateEmbeddingResponse}. A string that is not valid base64 float32 data is reported
     * as a violation.
     */
    public List<String> validateEmbeddingResponse(String json) {
        String decoded;
        try {
            decoded = decodeBase64Embeddings(json);
        } catch (IllegalArgumentException e) {
            return List.of(e.getMessage());
        }
        return validate(EMBEDDING_RESPONSE, decoded);
    }

    /** {@link #validateEmbeddingResponse} as an assertion. */
    public void assertValidEmbeddingResponse(String json) {
        List<String> messages = validateEmbeddingResponse(json);
        if (!messages.isEmpty()) {
            throw new AssertionError("JSON does not match OpenAI schema " + EMBEDDING_RESPONSE
                    + " (base64 embeddings decoded):\n  - " + String.join("\n  - ", messages)
                    + "\njson: " + json);
        }
    }

    /**
     * Returns {@code json} with every {@code data[i].embedding} that is a string replaced by the
     * float array it encodes (base64 of little-endian IEEE-754 float32 values, as the OpenAI API
     * returns for {@code encoding_format: "base64"}). Anything else is left untouched, so
     * float-encoded responses and malformed bodies come back for the schema to judge.
     *
     * @throws IllegalArgumentException if an embedding string is not base64 of whole float32s
     */
    public static String decodeBase64Embeddings(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return json;
        }
        if (root == null || !root.path("data").isArray()) {
            return json;
        }
        ArrayNode data = (ArrayNode) root.get("data");
        for (int i = 0; i < data.size(); i++) {
            JsonNode item = data.get(i);
            if (item instanceof ObjectNode obj && obj.path("embedding").isTextual()) {
                obj.set("embedding", decodeFloats(obj.get("embedding").textValue(), i));
            }
        }
        return root.toString();
    }

    private static ArrayNode decodeFloats(String base64, int index) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "$.data[" + index + "].embedding: not valid base64: " + e.getMessage(), e);
        }
        if (bytes.length % Float.BYTES != 0) {
            throw new IllegalArgumentException("$.data[" + index + "].embedding: base64 decodes to "
                    + bytes.length + " bytes, not a whole number of float32 values");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        ArrayNode floats = NODES.arrayNode(bytes.length / Float.BYTES);
        while (buffer.hasRemaining()) {
            floats.add(buffer.getFloat());
        }
        return floats;
    }

    // ------------------------------------------------------------------ loading

    private String requireKnown(String schemaName) {
        if (schemaName == null || !defs.has(schemaName)) {
            throw new IllegalArgumentException("unknown OpenAI schema '" + schemaName
                    + "'; known: " + schemaNames());
        }
        return schemaName;
    }

    private ObjectNode documentFor(String schemaName) {
        ObjectNode doc = NODES.objectNode();
        doc.put("$schema", DRAFT_2020_12);
        doc.put("$ref", DEFS_PREFIX + schemaName);
        doc.set("$defs", defs);
        return doc;
    }

    private static ObjectNode readDefs() {
        JsonNode spec;
        try (InputStream in = OpenApiSchemas.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + RESOURCE);
            }
            spec = new ObjectMapper(new YAMLFactory()).readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        JsonNode schemas = spec.path("components").path("schemas");
        if (!schemas.isObject() || schemas.isEmpty()) {
            throw new IllegalStateException(RESOURCE + " has no components.schemas");
        }
        ObjectNode defs = (ObjectNode) toJsonSchema(schemas, true);
        checkRefs(defs, defs);
        return defs;
    }

    /**
     * Converts an OpenAPI schema (or, with {@code nameMap}, a map of named schemas) to JSON
     * Schema 2020-12: rewrites {@code nullable}, component refs and drops {@code x-*}.
     */
    static JsonNode toJsonSchema(JsonNode node, boolean nameMap) {
        if (node.isArray()) {
            ArrayNode out = NODES.arrayNode(node.size());
            node.forEach(element -> out.add(toJsonSchema(element, false)));
            return out;
        }
        if (!node.isObject()) {
            return node;
        }
        ObjectNode out = NODES.objectNode();
        boolean nullable = false;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (nameMap) {
                out.set(key, toJsonSchema(value, false));
            } else if (key.startsWith("x-") || "discriminator".equals(key)) {
                // vendor extensions and OpenAPI's discriminator: annotations only (see class doc)
            } else if ("nullable".equals(key) && value.isBoolean()) {
                nullable = value.booleanValue();
            } else if ("$ref".equals(key) && value.isTextual()
                    && value.textValue().startsWith(COMPONENTS_PREFIX)) {
                out.put(key, DEFS_PREFIX + value.textValue().substring(COMPONENTS_PREFIX.length()));
            } else if (isNameMapKeyword(key)) {
                out.set(key, toJsonSchema(value, value.isObject()));
            } else if (isLiteralKeyword(key)) {
                out.set(key, value.deepCopy());
            } else {
                out.set(key, toJsonSchema(value, false));
            }
        }
        if (!nullable) {
            return out;
        }
        ObjectNode wrapped = NODES.objectNode();
        ArrayNode anyOf = wrapped.putArray("anyOf");
        anyOf.addObject().put("type", "null");
        anyOf.add(out);
        return wrapped;
    }

    /** Keywords whose value maps names (property names, def names) to schemas. */
    private static boolean isNameMapKeyword(String key) {
        return switch (key) {
            case "properties", "patternProperties", "$defs", "definitions", "dependentSchemas" -> true;
            default -> false;
        };
    }

    /** Keywords whose value is data, not a schema: copied as-is, never rewritten. */
    private static boolean isLiteralKeyword(String key) {
        return switch (key) {
            case "enum", "const", "default", "example", "examples", "required" -> true;
            default -> false;
        };
    }

    private static void checkRefs(JsonNode node, ObjectNode defs) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && ref.isTextual()) {
                String target = ref.textValue();
                if (!target.startsWith(DEFS_PREFIX)
                        || !defs.has(target.substring(DEFS_PREFIX.length()))) {
                    throw new IllegalStateException(RESOURCE + ": unresolvable $ref " + target);
                }
            }
        }
        node.forEach(child -> checkRefs(child, defs));
    }
}
