package ai.factory.gateway.mcp.upstream;

import ai.factory.gateway.error.GatewayError;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An operator's upstream, as sent to {@code /admin/mcp/upstreams}, checked field by field. A field
 * left out is null (unchanged on update). An unknown field is refused, so a typo never silently
 * leaves a grant or a limit out. Credential values are never quoted back in an error.
 */
public record UpstreamInput(String name, String url, Map<String, String> headers, Integer timeoutMs,
        Integer requestsPerMinute, Map<String, Integer> toolRequestsPerMinute, Map<String, Set<String>> tenants) {

    static final int DEFAULT_TIMEOUT_MS = 30_000;
    private static final Set<String> FIELDS = Set.of("name", "url", "headers", "timeout_ms", "requests_per_minute",
            "tool_requests_per_minute", "tenants");
    private static final Pattern HEADER = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}");
    private static final Pattern TOOL = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");
    /** Headers the transport owns: an operator's value would break the protocol or the request. */
    private static final Set<String> RESERVED = Set.of("host", "connection", "content-length", "content-type",
            "accept", "expect", "upgrade", "te", "transfer-encoding", "mcp-session-id", "mcp-protocol-version",
            "last-event-id");
    private static final int MAX_HEADERS = 16;
    private static final int MAX_ENTRIES = 1000;

    public static UpstreamInput parse(JsonNode body, boolean create) {
        if (body == null || !body.isObject()) {
            throw GatewayError.invalidRequest(null, "the body must be a JSON object");
        }
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!FIELDS.contains(field)) {
                throw GatewayError.invalidRequest(field, "unknown field '" + cut(field) + "'; expected one of "
                        + new java.util.TreeSet<>(FIELDS));
            }
        }
        String name = null;
        if (create) {
            name = body.path("name").asText(null);
            if (!ToolNames.validUpstream(name)) {
                throw GatewayError.invalidRequest("name", "'name' is the tools' prefix: 1 to 32 of a-z, 0-9, and single"
                        + " '-' or '_' between them (no '__', which separates the prefix from the tool)");
            }
        } else if (body.has("name")) {
            throw GatewayError.invalidRequest("name", "an upstream's name cannot change; delete it and register it anew");
        }
        String url = body.has("url") || create ? url(body.path("url")) : null;
        return new UpstreamInput(name, url, body.has("headers") ? headers(body.get("headers")) : null,
                body.has("timeout_ms") ? integer(body.get("timeout_ms"), "timeout_ms", 1, 300_000) : null,
                body.has("requests_per_minute") ? integer(body.get("requests_per_minute"), "requests_per_minute", 0,
                        1_000_000) : null,
                body.has("tool_requests_per_minute") ? toolLimits(body.get("tool_requests_per_minute")) : null,
                body.has("tenants") ? tenants(body.get("tenants")) : null);
    }

    private static String url(JsonNode node) {
        String text = node.isTextual() ? node.asText() : "";
        URI uri;
        try {
            uri = text.length() > 2048 ? null : URI.create(text);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || uri.getScheme() == null || uri.getHost() == null
                || !Set.of("http", "https").contains(uri.getScheme().toLowerCase(Locale.ROOT))) {
            throw GatewayError.invalidRequest("url", "'url' must be the upstream's absolute http(s) MCP endpoint,"
                    + " e.g. https://tools.internal/mcp");
        }
        if (uri.getRawUserInfo() != null) {
            // It would be shown back in every view: credentials go in 'headers', sealed.
            throw GatewayError.invalidRequest("url", "'url' may not carry credentials; send them as 'headers'");
        }
        return text;
    }

    private static Map<String, String> headers(JsonNode node) {
        if (!node.isObject() || node.size() > MAX_HEADERS) {
            throw GatewayError.invalidRequest("headers", "'headers' must be an object of at most " + MAX_HEADERS
                    + " header names to values (e.g. {\"Authorization\": \"Bearer ...\"})");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> {
            if (!HEADER.matcher(e.getKey()).matches() || RESERVED.contains(e.getKey().toLowerCase(Locale.ROOT))) {
                throw GatewayError.invalidRequest("headers", "'" + cut(e.getKey()) + "' is not a header an upstream"
                        + " credential may use");
            }
            String value = e.getValue().isTextual() ? e.getValue().asText() : "";
            if (value.isEmpty() || value.length() > 4096 || value.chars().anyMatch(c -> c < 0x20 && c != '\t')) {
                // The value is a secret: named, never echoed.
                throw GatewayError.invalidRequest("headers." + e.getKey(), "each header value must be a non-empty"
                        + " string of at most 4096 characters without control characters");
            }
            headers.put(e.getKey(), value);
        });
        return headers;
    }

    private static Map<String, Integer> toolLimits(JsonNode node) {
        if (!node.isObject() || node.size() > MAX_ENTRIES) {
            throw GatewayError.invalidRequest("tool_requests_per_minute", "'tool_requests_per_minute' must be an"
                    + " object of tool names to requests per minute");
        }
        Map<String, Integer> limits = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> limits.put(tool(e.getKey(), "tool_requests_per_minute", false),
                integer(e.getValue(), "tool_requests_per_minute." + cut(e.getKey()), 0, 1_000_000)));
        return limits;
    }

    private static Map<String, Set<String>> tenants(JsonNode node) {
        if (!node.isObject() || node.size() > MAX_ENTRIES) {
            throw GatewayError.invalidRequest("tenants", "'tenants' must be an object of tenant ids (or \"*\") to"
                    + " the tools they may use (or [\"*\"])");
        }
        Map<String, Set<String>> grants = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> {
            String tenant = e.getKey();
            if (!Grants.ANY.equals(tenant) && !TENANT.matcher(tenant).matches()) {
                throw GatewayError.invalidRequest("tenants", "'" + cut(tenant) + "' is not a tenant id or \"*\"");
            }
            if (!e.getValue().isArray() || e.getValue().size() > MAX_ENTRIES) {
                throw GatewayError.invalidRequest("tenants." + cut(tenant), "each tenant's grant must be an array of"
                        + " tool names or [\"*\"]");
            }
            Set<String> tools = new LinkedHashSet<>();
            e.getValue().forEach(t -> tools.add(tool(t.isTextual() ? t.asText() : "", "tenants." + cut(tenant), true)));
            grants.put(tenant, tools);
        });
        return grants;
    }

    private static String tool(String name, String param, boolean wildcard) {
        if ((wildcard && Grants.ANY.equals(name)) || TOOL.matcher(name).matches()) {
            return name;
        }
        throw GatewayError.invalidRequest(param, "'" + cut(name) + "' is not a tool name (1 to 128 of A-Z a-z 0-9 _ - .)"
                + (wildcard ? " or \"*\"" : ""));
    }

    private static int integer(JsonNode node, String param, int min, int max) {
        if (node == null || !node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < min || node.asInt() > max) {
            throw GatewayError.invalidRequest(param, "'" + param + "' must be an integer from " + min + " to " + max);
        }
        return node.asInt();
    }

    private static String cut(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "…" : s;
    }
}
