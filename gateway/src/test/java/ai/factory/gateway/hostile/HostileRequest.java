package ai.factory.gateway.hostile;

import ai.factory.gateway.hostile.RawHttp.Delivery;
import java.util.List;

/**
 * One generated request, before the runner gives it a tenant key. Header lines are raw: they may
 * hold CR, LF or control characters on purpose. {@code {KEY}} in a header line stands for the
 * tenant's key.
 *
 * @param tenant whose key goes into {@code authorization} (or {@link Tenant#NONE}: the request brings
 *     its own credential, or none)
 * @param contentLength whether the runner adds a truthful {@code content-length}
 * @param alias the model alias a well-formed request names (to tell a documented backend failure
 *     from an undocumented one), or null
 * @param row when the request must leave exactly one row in the ledger
 */
record HostileRequest(Kind kind, Tenant tenant, String requestLine, List<String> headers, byte[] body,
        boolean contentLength, Delivery delivery, String alias, Row row) {

    /** The families of hostile input, each with its own tenant so a broken invariant names its cause. */
    enum Kind {
        VALID, MALFORMED_JSON, WRONG_TYPES, DEEP_NESTING, DUPLICATE_KEYS, BROKEN_BACKEND, PRODUCT_INPUT,
        NUMBERS, IDENTIFIERS, REUSED_ID, HEADERS, PATHS, OVERSIZED, SLOW_BODY, TRUNCATED_UPLOAD, ABORTED_STREAM,
        RANDOM_KEY
    }

    /** Test tenants; every one has generous limits so only hostility (not traffic) can refuse a request. */
    enum Tenant {
        BODY("hx-body"), NUMBERS("hx-numbers"), IDENT("hx-ident"), REUSE("hx-reuse"), HTTP("hx-http"),
        STREAM("hx-stream"), NONE(null);

        final String id;

        Tenant(String id) {
            this.id = id;
        }
    }

    /** What the ledger must hold for this request: the gateway owes one usage event per authenticated request. */
    enum Row {
        /**
         * Well-formed HTTP to a request-path endpoint with a valid key: every answer has its row, except
         * one given before authentication (see {@link ResponseInvariants#owesRow}).
         */
        IF_ANSWERED,
        /**
         * A valid body behind hostile HTTP: the framework may refuse it before the request path (no row);
         * if the request path ran, its answer is 200.
         */
        IF_OK,
        /** No valid key, or the request never completed: no row. */
        NEVER
    }

    String path() {
        String[] parts = requestLine.split(" ");
        return parts.length > 1 ? parts[1] : "";
    }
}
