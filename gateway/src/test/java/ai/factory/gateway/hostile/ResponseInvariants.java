package ai.factory.gateway.hostile;

import ai.factory.gateway.hostile.HostileRequest.Kind;
import ai.factory.gateway.hostile.HostileRequest.Row;
import ai.factory.gateway.hostile.HostileRequest.Tenant;
import ai.factory.gateway.hostile.HostileRun.Outcome;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What must hold for every single answer: no server error but the documented ones, every error
 * in OpenAI's shape, an answer to every well-formed request, nothing management or admin served
 * to a tenant or a stranger. Also counts, per tenant, the ledger rows the run owes.
 */
final class ResponseInvariants {

    /** Pools the suite breaks on purpose (one refuses connections, one answers 503): their 5xx are documented. */
    static final Set<String> BROKEN_ALIASES = Set.of("chat-broken", "chat-narrow");
    static final Set<String> DOCUMENTED_5XX_CODES = Set.of("backend_error", "backend_unavailable", "backend_timeout");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PROTECTED = Pattern.compile(
            "admin|prometheus|routes|threaddump|beans|refresh|env|loggers|info|caches|stop|metrics");

    private ResponseInvariants() {
    }

    /** Statuses by kind, for the report. */
    static Map<String, Map<Integer, Integer>> statusesByKind(List<Outcome> outcomes) {
        Map<String, Map<Integer, Integer>> out = new TreeMap<>();
        for (Outcome o : outcomes) {
            out.computeIfAbsent(o.request().kind().name(), k -> new TreeMap<>()).merge(o.response().status(), 1, Integer::sum);
        }
        return out;
    }

    static void check(List<Outcome> outcomes, Findings findings) {
        for (Outcome o : outcomes) {
            HostileRequest r = o.request();
            RawHttp.Response response = o.response();
            int status = response.status();
            String example = describe(o);
            if (status >= 500) {
                String code = errorCode(response);
                findings.check(r.alias() != null && BROKEN_ALIASES.contains(r.alias()) && status >= 502 && status <= 504
                        && DOCUMENTED_5XX_CODES.contains(code), "no 5xx but 502/503/504 from the broken pools", example);
            }
            if (status >= 400 && !r.requestLine().startsWith("HEAD ")) {
                findings.check(openAiShaped(response), "every error body in OpenAI's shape", example);
            }
            boolean owedAnswer = r.delivery() != RawHttp.Delivery.TRUNCATED
                    && r.kind() != Kind.HEADERS && r.kind() != Kind.OVERSIZED;
            if (owedAnswer) {
                findings.check(status != 0, "every well-formed request gets an answer", example + " [" + response.failure() + "]");
            }
            if (r.kind() == Kind.OVERSIZED && status != 0) {
                findings.check(status == 413, "a body over the size limit is refused with 413", example);
            }
            if (r.kind() == Kind.VALID) {
                findings.check(status == 200, "valid requests mixed in are served (200)", example);
            }
            if (isProtected(r.path()) && status != 0) {
                findings.check(status >= 400 || status == 0,
                        "no admin or management path answers a tenant key or a stranger", example);
            }
            if (r.kind() == Kind.RANDOM_KEY && status != 0) {
                // A credential that is not even a valid header (non-ASCII, past the head size) may be refused as such.
                boolean undecodable = r.headers().stream().anyMatch(h -> h.length() > 8000 || !h.chars().allMatch(c -> c >= 0x20 && c < 0x7f));
                findings.check(status == 401 || status == 429 || (status == 404 && isProtected(r.path()))
                        || (undecodable && refusedByFramework(response)), "a wrong or missing key gets 401 (or 429 once limited)", example);
            }
            if (r.kind() == Kind.MALFORMED_JSON && status != 0) {
                findings.check(status == 400, "a body that is not exactly one JSON value is refused with 400", example);
            }
        }
    }

    /** Rows each tenant's requests owe the ledger: one per authenticated request that reached the request path. */
    static Map<Tenant, Long> owedRows(List<Outcome> outcomes) {
        Map<Tenant, Long> owed = new EnumMap<>(Tenant.class);
        for (Outcome o : outcomes) {
            if (owesRow(o)) {
                owed.merge(o.request().tenant(), 1L, Long::sum);
            }
        }
        return owed;
    }

    /**
     * Whether this answer owes exactly one ledger row. The gateway owes one usage event per authenticated
     * request; an answer given before authentication ran owes none. Those are recognised by what the gateway
     * says about them, never by the input sent: {@link #refusedByFramework} (the HTTP layer), and
     * {@link #refusedAtEdge} (the request-id filter, or no route for the path).
     */
    static boolean owesRow(Outcome o) {
        int status = o.response().status();
        return switch (o.request().row()) {
            case IF_ANSWERED -> status != 0 && !refusedByFramework(o.response()) && !refusedAtEdge(o.response());
            case IF_OK -> status == 200;
            case NEVER -> false;
        };
    }

    /** For tenants whose every request reached the request path: how many owed answers had each status. */
    static Map<Integer, Long> statusesOf(List<Outcome> outcomes, Tenant tenant) {
        Map<Integer, Long> out = new TreeMap<>();
        for (Outcome o : outcomes) {
            if (o.request().tenant() == tenant && o.request().row() == Row.IF_ANSWERED && owesRow(o)) {
                out.merge(o.response().status(), 1L, Long::sum);
            }
        }
        return out;
    }

    /**
     * Refused by the HTTP layer before the request path ran (so no usage event is owed): a head or body over
     * the size limits, or a request Netty could not decode, which the framework answers with its bare reason
     * phrase; the request path always says what was wrong.
     */
    static boolean refusedByFramework(RawHttp.Response response) {
        int status = response.status();
        return status == 413 || status == 431 || (status == 400 && "Bad Request".equals(errorMessage(response)));
    }

    /**
     * Refused by the gateway's edge, before authentication, for every path alike (so no usage event is owed):
     * a client {@code x-request-id} that {@code http/RequestIdFilter} rejects (400, param {@code x-request-id};
     * nothing on the request path checks that header again), or a path no route matches (404 with the
     * framework's code {@code not_found}; the request path's own 404s say {@code model_not_found} or
     * {@code product_not_found}).
     */
    static boolean refusedAtEdge(RawHttp.Response response) {
        int status = response.status();
        return (status == 400 && "x-request-id".equals(errorParam(response)))
                || (status == 404 && "not_found".equals(errorCode(response)));
    }

    private static String errorMessage(RawHttp.Response response) {
        try {
            return JSON.readTree(response.body()).path("error").path("message").asText(null);
        } catch (Exception e) {
            return null;
        }
    }

    static boolean isProtected(String rawPath) {
        String path;
        try {
            path = URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            path = rawPath.toLowerCase(Locale.ROOT);
        }
        return PROTECTED.matcher(path).find() && !normalized(path).startsWith("/v1/");
    }

    /** Dot segments resolved, empty segments and ";params" dropped: the path a lenient router would see. */
    static String normalized(String path) {
        java.util.Deque<String> segments = new java.util.ArrayDeque<>();
        for (String segment : path.split("[/?]")) {
            String s = segment.contains(";") ? segment.substring(0, segment.indexOf(';')) : segment;
            if (s.equals("..")) {
                segments.pollLast();
            } else if (!s.isEmpty() && !s.equals(".")) {
                segments.addLast(s);
            }
        }
        return "/" + String.join("/", segments) + "/";
    }

    static boolean openAiShaped(RawHttp.Response response) {
        try {
            JsonNode error = JSON.readTree(response.body()).get("error");
            return error != null && error.isObject() && error.path("message").isTextual() && error.path("type").isTextual()
                    && error.has("param") && (error.get("param").isNull() || error.get("param").isTextual())
                    && error.has("code") && (error.get("code").isNull() || error.get("code").isTextual());
        } catch (Exception e) {
            return false;
        }
    }

    static String errorCode(RawHttp.Response response) {
        return errorField(response, "code");
    }

    static String errorParam(RawHttp.Response response) {
        return errorField(response, "param");
    }

    private static String errorField(RawHttp.Response response, String field) {
        try {
            return JSON.readTree(response.body()).path("error").path(field).asText(null);
        } catch (Exception e) {
            return null;
        }
    }

    static String describe(Outcome o) {
        HostileRequest r = o.request();
        String body = new String(r.body(), 0, Math.min(r.body().length, 160), StandardCharsets.UTF_8);
        String answer = o.response().bodyText();
        return r.kind() + " " + r.requestLine().substring(0, Math.min(r.requestLine().length(), 120))
                + " headers=" + r.headers().stream().map(h -> h.length() > 80 ? h.substring(0, 80) + "…" : h).toList()
                + " body=" + body + (r.body().length > 160 ? "…(" + r.body().length + " bytes)" : "")
                + " -> " + o.response().status() + " " + answer.substring(0, Math.min(answer.length(), 200));
    }
}
