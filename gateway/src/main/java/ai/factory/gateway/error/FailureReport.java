package ai.factory.gateway.error;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The full story of a failure the tenant saw only in outline: the backend's status and text, the
 * endpoint, the exception. Logged with the request id (what the tenant quotes to support) and
 * recorded on the request's span, so operators find it by either.
 */
public final class FailureReport {

    /** Span attribute with the operator-only detail. */
    public static final String DETAIL_ATTRIBUTE = "gateway.error.detail";
    private static final Logger LOG = LoggerFactory.getLogger(FailureReport.class);

    private FailureReport() {
    }

    /** The detail as one header value: one line, bounded (the full text is in the log). */
    public static String headerValue(String detail) {
        String line = detail.replaceAll("[\\p{Cntrl}]", " ");
        return line.length() > 1024 ? line.substring(0, 1024) : line;
    }

    public static void record(String requestId, Context trace, String code, String detail) {
        LOG.warn("request {} failed ({}): {}", requestId, code, detail);
        Span span = trace == null ? Span.current() : Span.fromContext(trace);
        span.setAttribute(DETAIL_ATTRIBUTE, detail);
    }
}
