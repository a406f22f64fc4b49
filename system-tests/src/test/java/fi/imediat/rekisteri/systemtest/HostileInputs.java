package fi.imediat.rekisteri.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A seeded generator of hostile requests for the operations of an OpenAPI document (our own, on
 * {@link SplittableRandom}): the same seed gives the same requests. Every request it makes carries at least one
 * defect that the operation's contract must reject (malformed JSON, a value of the wrong type, a value no field may
 * hold, an invalid path or query parameter, a wrong content type), so a service that answers it with a 2xx and
 * changes a row has accepted bad input.
 */
final class HostileInputs {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** Escapes non-ASCII, so lone surrogates reach the service as JSON escapes ({@code \\uD800}), not as '?'. */
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(com.fasterxml.jackson.core.JsonGenerator.Feature.ESCAPE_NON_ASCII, true);
    private static final Set<String> BODY_METHODS = Set.of("POST", "PUT", "PATCH");
    private static final Set<String> WRITE_METHODS = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");
    private static final int MEGABYTE = 1 << 20;

    /** Injection and unicode edge cases: values a free-text field may hold, so none of them alone is a defect. */
    static final List<String> HOSTILE_TEXT = List.of(
            "' OR '1'='1", "'; DROP TABLE customer; --", "1); DELETE FROM consent; --", "\\'; SELECT pg_sleep(5); --",
            "\",\"admin\":true,\"x\":\"", "{\"$gt\":\"\"}", "]}\"}", "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>", "../../../../etc/passwd", "x\r\nSet-Cookie: session=stolen",
            "%s%n%x%p", "${jndi:ldap://127.0.0.1/a}", "#{7*7}", "\u202Egnp.exe", "\u200B\u200C\u200D\uFEFF",
            "\uD83D\uDC69\u200D\uD83D\uDC69\u200D\uD83D\uDC67", "e\u0301\u0301\u0301\u0301", "\u0627\u0644\u0639\u0631\u0628\u064A\u0629",
            "", "   ", "\t\n", "null", "undefined", "NaN", "-0", "9".repeat(40), "x".repeat(10_000));

    /** Values no text field may hold: PostgreSQL cannot store NUL, and a lone surrogate is not Unicode. */
    static final List<String> UNSTORABLE_TEXT = List.of("before\u0000after", "\u0000", "lone \uD800 high",
            "lone \uDC00 low", "\uDFFF\uD800");

    /** Values that a UUID, date, enum, number or boolean never is. */
    static final List<String> INVALID_SCALARS = List.of("not-a-uuid", "00000000-0000-0000-0000-00000000000g",
            "' OR '1'='1", "2026-13-45", "yesterday", "DIRECT_MARKETING'--", "../..", "-1",
            "99999999999999999999999", "1e400", "%00", "\u0000", "\uD800", "true'", "<x/>", "x".repeat(5000));

    private HostileInputs() {
    }

    /** One operation of a service's OpenAPI document. */
    record Operation(String service, String method, String template, List<Parameter> parameters,
            String mediaType, JsonNode bodySchema, Set<String> roles, JsonNode document) {

        String name() {
            return method + " " + template;
        }

        boolean takesBody() {
            return mediaType != null;
        }

        boolean takesJson() {
            return mediaType != null && mediaType.contains("json");
        }

        boolean writes() {
            return WRITE_METHODS.contains(method);
        }
    }

    record Parameter(String name, String in, JsonNode schema, boolean required) {
    }

    /** A request ready to send: what kind of defect it carries, the URL path with query, and the body. */
    record Request(String kind, String pathAndQuery, String contentType, byte[] body) {
    }

    static List<Operation> operations(String service, JsonNode document) {
        List<Operation> operations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                String method = op.getKey().toUpperCase();
                if (!Set.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
                    continue;
                }
                List<Parameter> parameters = new ArrayList<>();
                for (JsonNode source : List.of(path.getValue().path("parameters"), op.getValue().path("parameters"))) {
                    for (JsonNode p : source) {
                        parameters.add(new Parameter(p.path("name").asText(), p.path("in").asText(),
                                resolve(document, p.path("schema")), p.path("required").asBoolean()));
                    }
                }
                String mediaType = null;
                JsonNode bodySchema = JSON.objectNode();
                Iterator<Map.Entry<String, JsonNode>> content = op.getValue().path("requestBody").path("content")
                        .fields();
                if (content.hasNext()) {
                    Map.Entry<String, JsonNode> first = content.next();
                    mediaType = first.getKey();
                    bodySchema = resolve(document, first.getValue().path("schema"));
                } else if (BODY_METHODS.contains(method) && op.getValue().has("requestBody")) {
                    mediaType = "application/octet-stream";
                }
                Set<String> roles = new LinkedHashSet<>();
                for (JsonNode requirement : op.getValue().path("security")) {
                    requirement.fields().forEachRemaining(s -> s.getValue().forEach(r -> roles.add(r.asText())));
                }
                operations.add(new Operation(service, method, path.getKey(), parameters, mediaType, bodySchema,
                        roles, document));
            }
        }
        return operations;
    }

    /**
     * One hostile request for an operation, of a kind drawn at random among those that suit it, with all its
     * values drawn from {@code random}. {@code customerId} is an existing customer, used for half of the customer
     * path parameters, so that requests reach the handlers' work and not only their not-found answer.
     */
    static Request request(Operation operation, UUID customerId, SplittableRandom random) {
        List<Function<SplittableRandom, Request>> kinds = new ArrayList<>();
        if (operation.takesJson()) {
            kinds.add(r -> bodyRequest(operation, customerId, r, "malformed-json", malformed(operation, r)));
            kinds.add(r -> bodyRequest(operation, customerId, r, "wrong-type",
                    utf8(wrongTypes(operation, customerId, r))));
            kinds.add(r -> bodyRequest(operation, customerId, r, "hostile-values",
                    utf8(hostileValues(operation, customerId, r))));
            kinds.add(r -> wrongContentType(operation, customerId, r));
        } else if (operation.takesBody()) {
            kinds.add(r -> new Request("hostile-text", path(operation, customerId, r, null), operation.mediaType(),
                    hostileText(r)));
            kinds.add(r -> wrongContentType(operation, customerId, r));
        } else {
            kinds.add(r -> {
                String path = path(operation, customerId, r, null);
                return new Request("ignored-body", path + (path.contains("?") ? "&" : "?") + junkQuery(r),
                        "application/json", malformed(operation, r));
            });
        }
        if (!badParameterCandidates(operation).isEmpty()) {
            kinds.add(r -> badParameter(operation, customerId, r));
        }
        return pick(kinds, random).apply(random);
    }

    /** A request without any token: a protected operation answers 401 whatever it carries. */
    static Request anonymousRequest(Operation operation, UUID customerId, SplittableRandom random) {
        Request request = request(operation, customerId, random);
        return new Request("anonymous", request.pathAndQuery(), request.contentType(), request.body());
    }

    // --- the request kinds -------------------------------------------------------------------------------------

    private static Request bodyRequest(Operation operation, UUID customerId, SplittableRandom random, String kind,
            byte[] body) {
        return new Request(kind, path(operation, customerId, random, null), operation.mediaType(), body);
    }

    /** A body the operation would accept, sent as text, a form, XML or with no type at all. */
    private static Request wrongContentType(Operation operation, UUID customerId, SplittableRandom random) {
        String valid = operation.takesJson() ? plausible(operation.document(), operation.bodySchema(), customerId,
                random).toString() : "last_name;first_names\nx;y\n";
        String[][] types = {
                {"text/plain", valid},
                {"application/xml", "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                        + "<x>&e;</x>"},
                {"application/x-www-form-urlencoded", "a=1&b=%27%20OR%201%3D1&c=%00"},
                {"multipart/form-data; boundary=zz", "--zz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--zz--"},
                // No type at all: a reader may assume JSON, so the body is not JSON either.
                {"", "a=1&b=%27%20OR%201%3D1"},
        };
        String[] chosen = types[random.nextInt(types.length)];
        return new Request("content-type", path(operation, customerId, random, null), chosen[0],
                chosen[1].getBytes(StandardCharsets.UTF_8));
    }

    /** An invalid path or query parameter. Operations that write only get invalid path parameters (see below). */
    private static Request badParameter(Operation operation, UUID customerId, SplittableRandom random) {
        List<Parameter> candidates = badParameterCandidates(operation);
        Parameter target = candidates.get(random.nextInt(candidates.size()));
        byte[] body = operation.takesJson()
                ? utf8(plausible(operation.document(), operation.bodySchema(), customerId, random))
                : operation.takesBody() ? hostileText(random) : new byte[0];
        return new Request("bad-parameter", path(operation, customerId, random, target), operation.mediaType(),
                body);
    }

    /**
     * A write operation may ignore an unknown query value and accept its (valid) body, so only its path parameters
     * are attacked; they name what is written, and an invalid one names nothing.
     */
    private static List<Parameter> badParameterCandidates(Operation operation) {
        return operation.parameters().stream()
                .filter(p -> "path".equals(p.in()) || "query".equals(p.in()) && !operation.writes())
                .toList();
    }

    // --- URLs ----------------------------------------------------------------------------------------------------

    /** The operation's URL with plausible parameters, except {@code hostile}, which gets an invalid value. */
    private static String path(Operation operation, UUID customerId, SplittableRandom random, Parameter hostile) {
        Map<String, String> values = new LinkedHashMap<>();
        StringBuilder query = new StringBuilder();
        for (Parameter p : operation.parameters()) {
            String value = p.equals(hostile) ? invalidParameter(operation, p, random)
                    : plausibleScalar(p.name(), p.schema(), customerId, random);
            if ("path".equals(p.in())) {
                values.put(p.name(), value);
            } else if ("query".equals(p.in()) && (p.required() || p.equals(hostile) || random.nextBoolean())) {
                query.append(query.length() == 0 ? "?" : "&").append(encode(p.name())).append('=')
                        .append(encode(value));
            }
        }
        Matcher matcher = PATH_PARAMETER.matcher(operation.template());
        StringBuilder url = new StringBuilder();
        while (matcher.find()) {
            String value = values.getOrDefault(matcher.group(1), "x");
            matcher.appendReplacement(url, Matcher.quoteReplacement(encode(value)));
        }
        matcher.appendTail(url);
        return url + query.toString();
    }

    private static String invalidParameter(Operation operation, Parameter parameter, SplittableRandom random) {
        // An empty path segment makes the URL of another route (or of none): it would never reach this operation.
        List<String> values = invalidValues(operation, parameter, random).stream()
                .filter(v -> !v.isEmpty() || !"path".equals(parameter.in()))
                .toList();
        return pick(values, random);
    }

    /** The values an invalid parameter is drawn from. */
    private static List<String> invalidValues(Operation operation, Parameter parameter, SplittableRandom random) {
        String type = parameter.schema().path("type").asText("string");
        boolean constrained = parameter.schema().has("enum") || parameter.schema().has("format")
                || parameter.schema().has("pattern") || !"string".equals(type);
        if (parameter.schema().has("pattern") || operation.writes() && !constrained) {
            // Some invalid scalars ("not-a-uuid") are valid words, and a write may create what a word names (PUT
            // /interest-tags/{code}): only values its pattern refuses, or that are no plain word.
            Pattern pattern = Pattern.compile(parameter.schema().path("pattern").asText("[A-Za-z0-9_.-]*"));
            List<String> refused = new ArrayList<>();
            for (List<String> values : List.of(INVALID_SCALARS, HOSTILE_TEXT, UNSTORABLE_TEXT)) {
                values.stream().filter(v -> !pattern.matcher(v).matches()).forEach(refused::add);
            }
            return refused;
        }
        if (constrained || random.nextBoolean()) {
            return INVALID_SCALARS;
        }
        // A free-text parameter (a holder id, a text version): a value that names nothing stored.
        return random.nextBoolean() ? HOSTILE_TEXT : UNSTORABLE_TEXT;
    }

    private static String junkQuery(SplittableRandom random) {
        return encode(pick(HOSTILE_TEXT, random)) + "=" + encode(pick(INVALID_SCALARS, random))
                + "&limit=" + encode(pick(INVALID_SCALARS, random));
    }

    static String encode(String value) {
        // Percent-encodes every byte (spaces as %20): the raw value reaches the service, never a URL syntax error.
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    // --- bodies --------------------------------------------------------------------------------------------------

    /** A body that is not JSON, or not the JSON the operation reads. */
    private static byte[] malformed(Operation operation, SplittableRandom random) {
        String valid = plausible(operation.document(), operation.bodySchema(), null, random).toString();
        return switch (random.nextInt(12)) {
            case 0 -> utf8(valid.substring(0, Math.max(1, random.nextInt(Math.max(1, valid.length() - 1)))));
            case 1 -> utf8(valid.replaceFirst("}$", "]").replaceFirst("^\\[", "{"));
            case 2 -> utf8("[".repeat(3000 + random.nextInt(3000)));
            case 3 -> utf8("{\"a\":".repeat(2000 + random.nextInt(2000)) + "1" + "}".repeat(2000));
            case 4 -> utf8(duplicateKey(operation, valid, random));
            case 5 -> utf8(pick(List.of("{'a':'b'}", "{\"a\":1,}", "{a:1}", "{\"a\":NaN}", "/* c */{}",
                    "{\"a\":undefined}", "{\"a\":\"\\x41\"}", "{\"a\":\"\\u12\"}", "\"unterminated"), random));
            case 6 -> utf8(pick(List.of("", " ", "null", "[]", "0", "\"text\"", "true", "[{}]", "{}{}", "{} trailing"), random));
            case 7 -> invalidUtf8(valid, random);
            case 8 -> {
                byte[] bytes = new byte[1 + random.nextInt(512)];
                random.nextBytes(bytes);
                yield bytes;
            }
            case 9 -> utf8("{\"a\":" + "9".repeat(2000 + random.nextInt(2000)) + "}");
            case 10 -> utf8("{\"a\":\"" + "\\".repeat(1 + random.nextInt(3)) + "\"}");
            default -> utf8("\uFEFF\uFEFF" + valid);
        };
    }

    /** Same key twice, the second with a value of the wrong type: whichever the reader keeps, one is wrong. */
    private static String duplicateKey(Operation operation, String valid, SplittableRandom random) {
        JsonNode schema = operation.bodySchema();
        List<String> names = new ArrayList<>();
        schema.path("properties").fieldNames().forEachRemaining(names::add);
        if (names.isEmpty() || !valid.startsWith("{") || valid.length() < 3) {
            return "{\"a\":1,\"a\":{\"b\":[}}";
        }
        String name = pick(names, random);
        JsonNode wrong = wrongType(resolve(operation.document(), schema.path("properties").path(name)), random);
        return valid.substring(0, valid.length() - 1) + ",\"" + name + "\":" + wrong + "}";
    }

    private static byte[] invalidUtf8(String valid, SplittableRandom random) {
        byte[][] sequences = {{(byte) 0xC3, 0x28}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xFF},
                {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {(byte) 0xC0, (byte) 0x80}};
        byte[] bad = sequences[random.nextInt(sequences.length)];
        String body = valid.contains("\"") ? valid : "{\"a\":\"\"}";
        int at = body.indexOf('"', body.indexOf('"') + 1) + 1;
        byte[] head = utf8(body.substring(0, Math.max(1, at)));
        byte[] tail = utf8(body.substring(Math.max(1, at)));
        byte[] out = new byte[head.length + bad.length + tail.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(bad, 0, out, head.length, bad.length);
        System.arraycopy(tail, 0, out, head.length + bad.length, tail.length);
        return out;
    }

    /** A plausible body where one to three fields (or the whole body) have a type that cannot be converted. */
    private static JsonNode wrongTypes(Operation operation, UUID customerId, SplittableRandom random) {
        JsonNode body = plausible(operation.document(), operation.bodySchema(), customerId, random);
        List<Leaf> leaves = leaves(operation.document(), operation.bodySchema(), body, "");
        if (leaves.isEmpty() || random.nextInt(8) == 0) {
            return wrongType(operation.bodySchema(), random);
        }
        int count = 1 + random.nextInt(Math.min(3, leaves.size()));
        for (int i = 0; i < count; i++) {
            Leaf leaf = leaves.get(random.nextInt(leaves.size()));
            boolean required = leaf.required() && random.nextInt(4) == 0;
            leaf.set(required ? JSON.nullNode() : wrongType(leaf.schema(), random));
        }
        return body;
    }

    /**
     * A plausible body whose text fields hold injection strings, huge strings and unicode edge cases, and where one
     * field holds a value it can never hold: unstorable text in a text field, an invalid scalar in a UUID, date,
     * enum, number or boolean field, a number that overflows.
     */
    private static JsonNode hostileValues(Operation operation, UUID customerId, SplittableRandom random) {
        JsonNode body = plausible(operation.document(), operation.bodySchema(), customerId, random);
        List<Leaf> leaves = leaves(operation.document(), operation.bodySchema(), body, "");
        if (leaves.isEmpty()) {
            return JSON.textNode(pick(UNSTORABLE_TEXT, random));
        }
        for (Leaf leaf : leaves) {
            if (leaf.freeText() && random.nextInt(3) > 0) {
                leaf.set(JSON.textNode(random.nextInt(40) == 0 ? "x".repeat(MEGABYTE) : pick(HOSTILE_TEXT, random)));
            }
        }
        Leaf defect = leaves.get(random.nextInt(leaves.size()));
        if (defect.freeText()) {
            defect.set(JSON.textNode(pick(UNSTORABLE_TEXT, random)));
        } else if ("integer".equals(defect.schema().path("type").asText())) {
            defect.set(JSON.numberNode(new java.math.BigInteger("9".repeat(30))));
        } else {
            defect.set(JSON.textNode(pick(INVALID_SCALARS, random)));
        }
        return body;
    }

    /** A file-upload body (CSV): injection strings, NUL bytes, invalid UTF-8 and a huge line, no valid line. */
    private static byte[] hostileText(SplittableRandom random) {
        StringBuilder text = new StringBuilder();
        if (random.nextBoolean()) {
            text.append("last_name;first_names;street;postal_code;city;phone;prohibition\n");
        }
        int lines = 1 + random.nextInt(20);
        for (int i = 0; i < lines; i++) {
            text.append(pick(HOSTILE_TEXT, random)).append(';').append(pick(UNSTORABLE_TEXT, random)).append(';')
                    .append(pick(INVALID_SCALARS, random)).append('\n');
        }
        if (random.nextInt(6) == 0) {
            text.append("y".repeat(MEGABYTE / 2)).append('\n');
        }
        byte[] bytes = utf8(text.toString());
        if (random.nextBoolean() && bytes.length > 4) {
            bytes[random.nextInt(bytes.length)] = (byte) 0xFF;
        }
        return bytes;
    }

    // --- schemas -------------------------------------------------------------------------------------------------

    /** A value of the wrong JSON type for {@code schema}, one that Jackson does not coerce. */
    static JsonNode wrongType(JsonNode schema, SplittableRandom random) {
        String type = schema.path("type").asText(schema.has("properties") ? "object" : "string");
        ObjectNode object = JSON.objectNode();
        object.putArray("$ne").add(1);
        ArrayNode array = JSON.arrayNode().add(JSON.arrayNode()).add(JSON.objectNode());
        List<JsonNode> options = switch (type) {
            case "object" -> List.of(JSON.numberNode(42), JSON.booleanNode(true), array);
            case "array" -> List.of(object, JSON.textNode("not-a-list"), JSON.numberNode(7));
            case "integer", "number" -> List.of(JSON.textNode("seven"), object, array);
            case "boolean" -> List.of(JSON.textNode("maybe"), object, array);
            default -> schema.has("enum") || schema.has("format")
                    ? List.of(object, array, JSON.textNode("' OR '1'='1"))
                    : List.of(object, array);
        };
        return pick(options, random);
    }

    /** A value that {@code schema} accepts, as far as the document says. */
    static JsonNode plausible(JsonNode document, JsonNode schema, UUID customerId, SplittableRandom random) {
        schema = resolve(document, schema);
        if (schema.has("allOf")) {
            return plausible(document, schema.path("allOf").path(0), customerId, random);
        }
        if (schema.has("oneOf") || schema.has("anyOf")) {
            return plausible(document, schema.has("oneOf") ? schema.path("oneOf").path(0)
                    : schema.path("anyOf").path(0), customerId, random);
        }
        String type = schema.path("type").asText(schema.has("properties") ? "object" : "string");
        switch (type) {
            case "object" -> {
                ObjectNode object = JSON.objectNode();
                schema.path("properties").fields().forEachRemaining(p ->
                        object.set(p.getKey(), plausible(document, p.getValue(), customerId, random)));
                return object;
            }
            case "array" -> {
                ArrayNode array = JSON.arrayNode();
                array.add(plausible(document, schema.path("items"), customerId, random));
                return array;
            }
            case "integer" -> {
                return JSON.numberNode(Math.max(1, schema.path("minimum").asInt(1)));
            }
            case "number" -> {
                return JSON.numberNode(1.5);
            }
            case "boolean" -> {
                return JSON.booleanNode(random.nextBoolean());
            }
            default -> {
                return JSON.textNode(plausibleScalar("", schema, customerId, random));
            }
        }
    }

    private static String plausibleScalar(String name, JsonNode schema, UUID customerId, SplittableRandom random) {
        if (schema.has("enum")) {
            return schema.path("enum").path(random.nextInt(schema.path("enum").size())).asText();
        }
        String type = schema.path("type").asText("string");
        if ("integer".equals(type) || "number".equals(type)) {
            return String.valueOf(Math.max(1, schema.path("minimum").asInt(1)));
        }
        if ("boolean".equals(type)) {
            return "true";
        }
        return switch (schema.path("format").asText("")) {
            case "uuid" -> customerId != null && name.toLowerCase().contains("customer") || customerId != null
                    && "id".equals(name) && random.nextBoolean() ? customerId.toString()
                    : new UUID(random.nextLong(), random.nextLong()).toString();
            case "date" -> "2026-01-0" + (1 + random.nextInt(9));
            case "date-time" -> "2026-01-01T00:00:00Z";
            case "duration" -> "P7D";
            case "email" -> "hostile.input@example.invalid";
            case "uri", "url" -> "https://example.invalid/{customerId}";
            default -> "hostile-probe";
        };
    }

    /** A settable place in a generated body: an object field or array element with its schema. */
    private record Leaf(JsonNode parent, String field, int index, JsonNode schema, boolean required) {

        void set(JsonNode value) {
            if (parent instanceof ObjectNode object) {
                object.set(field, value);
            } else {
                ((ArrayNode) parent).set(index, value);
            }
        }

        boolean freeText() {
            return "string".equals(schema.path("type").asText("string")) && !schema.has("enum")
                    && !schema.has("format") && !schema.has("properties") && !schema.has("items");
        }
    }

    private static List<Leaf> leaves(JsonNode document, JsonNode schema, JsonNode value, String at) {
        List<Leaf> leaves = new ArrayList<>();
        schema = resolve(document, schema);
        if (value instanceof ObjectNode object) {
            Set<String> required = new LinkedHashSet<>();
            schema.path("required").forEach(r -> required.add(r.asText()));
            for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode fieldSchema = resolve(document, schema.path("properties").path(field.getKey()));
                leaves.add(new Leaf(object, field.getKey(), -1, fieldSchema, required.contains(field.getKey())));
                if (field.getValue().isContainerNode()) {
                    leaves.addAll(leaves(document, fieldSchema, field.getValue(), at + "." + field.getKey()));
                }
            }
        } else if (value instanceof ArrayNode array) {
            JsonNode items = resolve(document, schema.path("items"));
            for (int i = 0; i < array.size(); i++) {
                leaves.add(new Leaf(array, null, i, items, false));
                if (array.get(i).isContainerNode()) {
                    leaves.addAll(leaves(document, items, array.get(i), at + "[" + i + "]"));
                }
            }
        }
        return leaves;
    }

    static JsonNode resolve(JsonNode document, JsonNode schema) {
        String ref = schema.path("$ref").asText("");
        if (ref.startsWith("#/components/schemas/")) {
            return resolve(document,
                    document.path("components").path("schemas").path(ref.substring("#/components/schemas/".length())));
        }
        return schema;
    }

    private static byte[] utf8(JsonNode json) {
        try {
            return MAPPER.writeValueAsBytes(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static <T> T pick(List<T> values, SplittableRandom random) {
        return values.get(random.nextInt(values.size()));
    }

}
