package ai.factory.gateway.hostile;

import static ai.factory.gateway.hostile.HostileBodies.MARK;
import static ai.factory.gateway.hostile.HostileBodies.chat;
import static ai.factory.gateway.hostile.HostileBodies.quoted;

import ai.factory.gateway.hostile.HostileRequest.Kind;
import ai.factory.gateway.hostile.HostileRequest.Row;
import ai.factory.gateway.hostile.HostileRequest.Tenant;
import ai.factory.gateway.hostile.RawHttp.Delivery;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.Tuple;
import net.jqwik.api.sessions.JqwikSession;

/**
 * The hostile-traffic generator: jqwik arbitraries for every family of bad input, mixed with
 * valid requests, drawn from one seed so a run can be replayed exactly.
 */
final class HostileRequests {

    static final String POST_CHAT = "POST /v1/chat/completions HTTP/1.1";
    private static final String JSON = "content-type: application/json";
    private static final String VALID_CHAT = chat("\"chat-default\"", ",\"max_tokens\":5", "\"hello\"");

    private HostileRequests() {
    }

    /** {@code count} requests from {@code seed}: the same seed gives the same requests, byte for byte. */
    static List<HostileRequest> draw(long seed, int count, java.util.Set<Kind> skipped) {
        // Outside a property jqwik needs a session (its generators memoise in one); the Random is ours, seeded.
        List<HostileRequest> out = new ArrayList<>(count);
        JqwikSession.run(() -> {
            RandomGenerator<HostileRequest> generator = any(skipped).generator(1000);
            Random random = new Random(seed);
            for (int i = 0; i < count; i++) {
                out.add(generator.next(random).value());
            }
        });
        return out;
    }

    @SuppressWarnings("unchecked")
    static Arbitrary<HostileRequest> any(java.util.Set<Kind> skipped) {
        List<Tuple.Tuple2<Integer, Arbitrary<HostileRequest>>> all = new ArrayList<>();
        add(all, skipped, Kind.VALID, 16, valid());
        add(all, skipped, Kind.MALFORMED_JSON, 10, HostileBodies.malformed().map(b -> post(Kind.MALFORMED_JSON, Tenant.BODY, "/v1/chat/completions", b)));
        add(all, skipped, Kind.WRONG_TYPES, 12, HostileBodies.wrongTypes().map(pb -> post(Kind.WRONG_TYPES, Tenant.BODY, pb[0], bytes(pb[1]))));
        add(all, skipped, Kind.DEEP_NESTING, 4, HostileBodies.deepNesting().map(b -> post(Kind.DEEP_NESTING, Tenant.BODY, "/v1/chat/completions", bytes(b))));
        add(all, skipped, Kind.DUPLICATE_KEYS, 5, HostileBodies.duplicateKeys().map(b -> post(Kind.DUPLICATE_KEYS, Tenant.BODY, "/v1/chat/completions", bytes(b))));
        add(all, skipped, Kind.BROKEN_BACKEND, 2, brokenBackend());
        add(all, skipped, Kind.PRODUCT_INPUT, 4, productInput());
        add(all, skipped, Kind.NUMBERS, 10, HostileBodies.numbers().map(b -> post(Kind.NUMBERS, Tenant.NUMBERS, "/v1/chat/completions", bytes(b))));
        add(all, skipped, Kind.IDENTIFIERS, 8, identifiers());
        add(all, skipped, Kind.REUSED_ID, 5, reusedIds());
        add(all, skipped, Kind.HEADERS, 7, headers());
        add(all, skipped, Kind.PATHS, 7, paths());
        add(all, skipped, Kind.OVERSIZED, 1, oversized());
        add(all, skipped, Kind.SLOW_BODY, 1, slowBody());
        add(all, skipped, Kind.TRUNCATED_UPLOAD, 2, truncatedUpload());
        add(all, skipped, Kind.ABORTED_STREAM, 3, abortedStream());
        add(all, skipped, Kind.RANDOM_KEY, 6, randomKeys());
        return Arbitraries.frequencyOf(all.toArray(Tuple.Tuple2[]::new));
    }

    private static void add(List<Tuple.Tuple2<Integer, Arbitrary<HostileRequest>>> all, java.util.Set<Kind> skipped,
            Kind kind, int weight, Arbitrary<HostileRequest> arbitrary) {
        if (!skipped.contains(kind)) {
            all.add(Tuple.of(weight, arbitrary));
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String alias(byte[] body) {
        String s = new String(body, StandardCharsets.UTF_8);
        for (String alias : List.of("chat-broken", "chat-narrow", "chat-slow", "chat-default", "embed-default")) {
            if (s.contains("\"" + alias + "\"")) {
                return alias;
            }
        }
        return null;
    }

    private static HostileRequest post(Kind kind, Tenant tenant, String path, byte[] body) {
        return new HostileRequest(kind, tenant, "POST " + path + " HTTP/1.1", List.of(JSON), body, true,
                Delivery.WHOLE, alias(body), Row.IF_ANSWERED);
    }

    private static Arbitrary<HostileRequest> valid() {
        return HostileBodies.valid().map(pb -> post(Kind.VALID, Tenant.BODY, pb[0], bytes(pb[1])));
    }

    /** Pools that are down (502) or full (503): the documented server errors. */
    private static Arbitrary<HostileRequest> brokenBackend() {
        return Arbitraries.of("chat-broken", "chat-narrow").map(alias -> post(Kind.BROKEN_BACKEND, Tenant.BODY,
                "/v1/chat/completions", bytes(chat("\"" + alias + "\"", ",\"max_tokens\":5", "\"hi\""))));
    }

    private static Arbitrary<HostileRequest> productInput() {
        Arbitrary<String> input = Arbitraries.of("{\"input\":{\"text\":\"Short text to sum up.\"}}",
                "{\"input\":{\"text\":7}}", "{\"input\":{}}", "{\"input\":\"text\"}", "{\"input\":{\"text\":\"a\",\"length\":\"huge\"}}",
                "{\"input\":{\"text\":\"a\"},\"options\":[]}", "{\"input\":{\"text\":\"a\"},\"stream\":\"no\"}", "[]", "{",
                "{\"input\":{\"text\":\"a\",\"" + MARK + "\":1}}", "{\"input\":{\"text\":\"a\"},\"options\":{\"temperature\":1e999}}");
        return input.map(b -> post(Kind.PRODUCT_INPUT, Tenant.BODY, "/v1/products/summarize/invoke", bytes(b)));
    }

    /** Made-up identifiers wherever a client names something: model, end user, product, session, request id. */
    private static Arbitrary<HostileRequest> identifiers() {
        return Combinators.combine(HostileBodies.identifier(), Arbitraries.of("model", "user", "product", "session", "request-id"))
                .as((id, where) -> {
                    String headerSafe = id.replaceAll("[\\r\\n]", "_");
                    return switch (where) {
                        case "model" -> post(Kind.IDENTIFIERS, Tenant.IDENT, "/v1/chat/completions",
                                bytes(chat(quoted(id), ",\"max_tokens\":5", "\"hi\"")));
                        case "user" -> post(Kind.IDENTIFIERS, Tenant.IDENT, "/v1/chat/completions",
                                bytes(chat("\"chat-default\"", ",\"max_tokens\":5,\"user\":" + quoted(id), "\"hi\"")));
                        case "product" -> post(Kind.IDENTIFIERS, Tenant.IDENT,
                                "/v1/products/" + java.net.URLEncoder.encode(id, StandardCharsets.UTF_8) + "/invoke",
                                bytes("{\"input\":{\"text\":\"hi\"}}"));
                        default -> withHeader(post(Kind.IDENTIFIERS, Tenant.IDENT, "/v1/chat/completions", bytes(VALID_CHAT)),
                                (where.equals("session") ? "x-session-id: " : "x-request-id: ") + headerSafe);
                    };
                });
    }

    /** Small pool of client request ids, so the same id comes back many times within a run. */
    private static Arbitrary<HostileRequest> reusedIds() {
        return Combinators.combine(Arbitraries.integers().between(0, 150), Arbitraries.of(true, false)).as((n, stream) ->
                withHeader(post(Kind.REUSED_ID, Tenant.REUSE, "/v1/chat/completions",
                        bytes(chat("\"chat-default\"", ",\"max_tokens\":5,\"stream\":" + stream, "\"again\""))),
                        "x-request-id: " + MARK + "-reused-" + n));
    }

    private static HostileRequest withHeader(HostileRequest r, String line) {
        List<String> headers = new ArrayList<>(r.headers());
        headers.add(line);
        return new HostileRequest(r.kind(), r.tenant(), r.requestLine(), headers, r.body(), r.contentLength(),
                r.delivery(), r.alias(), r.row());
    }

    /** CR, LF, NUL and other controls in header names and values; folding; conflicting framing. */
    private static Arbitrary<HostileRequest> headers() {
        int len = bytes(VALID_CHAT).length;
        Arbitrary<List<String>> lines = Arbitraries.of(
                List.of("x-note: a\r\nx-injected: b"), List.of("x-note: a\nx-lf-only: b"), List.of("x-note: a\rb"),
                List.of("x-note: a\u0000b"), List.of("x-note: \u0001\u0002\u001b[31m\u007f"), List.of("x-n\u0000te: a"),
                List.of("x-note: first", " folded continuation"), List.of("x note: space in name"), List.of("no colon here"),
                List.of(": empty name"), List.of("x-note: " + "h".repeat(20_000)), List.of("x-note: \u00e9\u00e8 \ud83d\ude00"),
                repeated(200), List.of("content-length: " + len, "content-length: " + (len + 5)),
                List.of("transfer-encoding: chunked", "content-length: " + len), List.of("content-length: -1"),
                List.of("content-length: " + len + "0000000000000000"), List.of("transfer-encoding: gzip, chunked"),
                List.of("authorization: Bearer {KEY}\r\nauthorization: Bearer sk-gw-" + MARK),
                List.of("x-request-id: " + MARK + "\u0001id"), List.of("x-session-id: " + MARK + "\u0007s"),
                List.of("cache-control: \u0000no-store"), List.of("expect: 100-continue"), List.of("host: evil.example\r\nhost: two"));
        return lines.map(extra -> {
            boolean framing = extra.stream().anyMatch(l -> l.startsWith("content-length") || l.startsWith("transfer-encoding"));
            List<String> headers = new ArrayList<>();
            headers.add(JSON);
            headers.addAll(extra);
            return new HostileRequest(Kind.HEADERS, Tenant.HTTP, POST_CHAT, headers, bytes(VALID_CHAT), !framing,
                    Delivery.WHOLE, "chat-default", Row.IF_OK);
        });
    }

    private static List<String> repeated(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add("x-many-" + i + ": v");
        }
        return out;
    }

    /** Spellings of the admin, management and API paths that a naive prefix check lets through. */
    private static Arbitrary<HostileRequest> paths() {
        Arbitrary<String> path = Arbitraries.of("//admin/tenants", "/%61dmin/tenants", "/admin;x/tenants",
                "/admin/../admin/tenants", "/v1/../admin/tenants", "/./admin/tenants", "/ADMIN/tenants", "/admin%2ftenants",
                "/v1/chat/completions/../../admin/tenants", "/%2e%2e/admin/tenants", "/admin/tenants/..", "/admin/tenants/%2e%2e",
                "/admin/tenants/hx-body/policy/..;/", "/..", "/../../etc/passwd", "/admin/usage?group_by=tenant",
                "//v1//chat/completions", "/v1/chat/completions;x", "/v1/chat/completions?x=1&x=2",
                "/v1/./chat/completions", "/v1/chat/completions%00", "/v1/chat%2fcompletions", "/prometheus", "//prometheus",
                "/%70rometheus", "/routes", "/threaddump", "/beans", "/refresh", "/env", "/loggers", "/info", "/health/..;/beans",
                "/ops/../admin/tenants", "*", "http://evil.example/admin/tenants", "/v1/usage", "/v1/models");
        return Combinators.combine(path, Arbitraries.of("GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "TRACE", "PATCH"),
                Arbitraries.of(true, false)).as((p, method, withKey) -> {
                    boolean body = method.equals("POST") || method.equals("PUT");
                    byte[] b = body ? bytes(p.contains("chat") ? VALID_CHAT : "{\"id\":\"" + MARK + "-evil\",\"name\":\"x\",\"rpm\":1}")
                            : new byte[0];
                    return new HostileRequest(Kind.PATHS, withKey ? Tenant.HTTP : Tenant.NONE, method + " " + p + " HTTP/1.1",
                            List.of(JSON), b, true, Delivery.WHOLE, p.contains("chat") ? "chat-default" : null,
                            withKey && method.equals("POST") && p.contains("chat") ? Row.IF_OK : Row.NEVER);
                });
    }

    private static Arbitrary<HostileRequest> oversized() {
        return Combinators.combine(Arbitraries.integers().between(2 * 1024 * 1024 + 1, 3 * 1024 * 1024),
                Arbitraries.of("/v1/chat/completions", "/v1/embeddings", "/v1/products/summarize/invoke")).as((size, path) -> {
                    String pad = "x".repeat(size);
                    byte[] body = bytes(chat("\"chat-default\"", ",\"max_tokens\":5", quoted(pad)));
                    return new HostileRequest(Kind.OVERSIZED, Tenant.HTTP, "POST " + path + " HTTP/1.1", List.of(JSON), body,
                            true, Delivery.WHOLE, "chat-default", Row.NEVER);
                });
    }

    private static Arbitrary<HostileRequest> slowBody() {
        return Arbitraries.of(true, false).map(stream -> new HostileRequest(Kind.SLOW_BODY, Tenant.STREAM, POST_CHAT,
                List.of(JSON), bytes(chat("\"chat-default\"", ",\"max_tokens\":5,\"stream\":" + stream, "\"slowly\"")), true,
                Delivery.SLOW, "chat-default", Row.IF_ANSWERED));
    }

    private static Arbitrary<HostileRequest> truncatedUpload() {
        return Arbitraries.of("/v1/chat/completions", "/v1/products/summarize/invoke").map(path -> new HostileRequest(
                Kind.TRUNCATED_UPLOAD, Tenant.HTTP, "POST " + path + " HTTP/1.1", List.of(JSON),
                bytes(chat("\"chat-default\"", ",\"max_tokens\":5", "\"" + "cut ".repeat(200) + "\"")), true,
                Delivery.TRUNCATED, "chat-default", Row.NEVER));
    }

    /** A client that reads the head of a stream and leaves: the gateway settles it as cancelled. */
    private static Arbitrary<HostileRequest> abortedStream() {
        return Arbitraries.of("chat-slow", "chat-default").map(alias -> new HostileRequest(Kind.ABORTED_STREAM, Tenant.STREAM,
                POST_CHAT, List.of(JSON), bytes(chat("\"" + alias + "\"", ",\"max_tokens\":30,\"stream\":true", "\"go on\"")),
                true, Delivery.ABORT_AFTER_HEAD, alias, Row.IF_OK));
    }

    private static Arbitrary<HostileRequest> randomKeys() {
        Arbitrary<String> key = Arbitraries.oneOf(
                Arbitraries.strings().alpha().numeric().ofLength(40).map(s -> "Bearer sk-gw-" + s),
                Arbitraries.strings().ofMinLength(0).ofMaxLength(200).map(s -> "Bearer " + s.replaceAll("[\\r\\n]", "")),
                Arbitraries.of("Bearer", "Bearer ", "bearer sk-gw-", "Basic YWRtaW46YWRtaW4=", "Bearer test-admin-tokeN",
                        "Bearer " + "k".repeat(10_000), "Token sk-gw-x", "Bearer sk-gw-\u00e9\u00e8", "Bearer  sk-gw-double-space"),
                Arbitraries.just(""));
        return Combinators.combine(key, Arbitraries.of("/v1/chat/completions", "/v1/models", "/v1/usage",
                "/v1/products/summarize/invoke", "/admin/tenants")).as((k, path) -> new HostileRequest(Kind.RANDOM_KEY, Tenant.NONE,
                (path.startsWith("/v1/chat") || path.contains("invoke") ? "POST " : "GET ") + path + " HTTP/1.1",
                k.isEmpty() ? List.of(JSON) : List.of(JSON, "authorization: " + k),
                path.startsWith("/v1/chat") ? bytes(VALID_CHAT) : path.contains("invoke") ? bytes("{\"input\":{\"text\":\"x\"}}") : new byte[0],
                true, Delivery.WHOLE, null, Row.NEVER));
    }
}
