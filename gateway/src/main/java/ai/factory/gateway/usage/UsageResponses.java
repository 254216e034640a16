package ai.factory.gateway.usage;

import ai.factory.gateway.error.ErrorResponses;
import ai.factory.gateway.error.GatewayError;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What both usage endpoints share: answering in JSON or CSV, and the errors they can end with. */
final class UsageResponses {

    static final String TEXT_CSV = "text/csv";
    private static final Logger LOG = LoggerFactory.getLogger(UsageResponses.class);

    private UsageResponses() {
    }

    /** CSV when the client asks for it in {@code Accept}; JSON otherwise. */
    static MutableHttpResponse<?> render(HttpRequest<?> request, UsageQuery query, List<UsageRow> rows) {
        String accept = request.getHeaders().get(HttpHeaders.ACCEPT);
        if (accept != null && accept.toLowerCase(Locale.ROOT).contains(TEXT_CSV)) {
            return HttpResponse.ok(UsageReport.csv(query, rows)).contentType(TEXT_CSV + "; charset=utf-8");
        }
        return HttpResponse.ok(UsageReport.json(query, rows)).contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    /** A refusal of ours as is; anything else is the ledger being unreachable, worth a retry. */
    static MutableHttpResponse<?> failure(Throwable failure) {
        Throwable t = failure;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof GatewayError known) {
            return ErrorResponses.of(known);
        }
        LOG.warn("usage query failed", failure);
        return ErrorResponses.of(new GatewayError(503, "server_error", "usage_unavailable", null,
                "the usage ledger cannot be read right now; retry shortly", "5"));
    }
}
