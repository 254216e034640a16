package ai.factory.gateway.portal;

import ai.factory.gateway.auth.KeyAuthenticator;
import ai.factory.gateway.error.ErrorResponses;
import ai.factory.gateway.policy.PolicyCache;
import ai.factory.gateway.ratelimit.AdmissionConfig;
import ai.factory.gateway.ratelimit.Bucket;
import ai.factory.gateway.redis.RedisKeys;
import ai.factory.gateway.redis.RedisStore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.serde.annotation.Serdeable;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /v1/limits}: the calling key's tenant's limits and what remains of them now (the
 * tenant's, the key's own, each product's own). The tenant comes only from the key. Looking does
 * not count: the counters are read, never reserved. When Redis cannot be read, the limits are
 * still shown, with {@code degraded: true} and no remaining figures.
 */
@Controller("/v1/limits")
public class LimitsController {

    private static final Logger LOG = LoggerFactory.getLogger(LimitsController.class);

    private final KeyAuthenticator authenticator;
    private final PolicyCache policies;
    private final LimitsReader reader;
    private final AdmissionConfig admission;
    private final RedisKeys keys;

    public LimitsController(KeyAuthenticator authenticator, PolicyCache policies,
            LimitsReader reader, AdmissionConfig admission, RedisStore store) {
        this.keys = store.keys();
        this.authenticator = authenticator;
        this.policies = policies;
        this.reader = reader;
        this.admission = admission;
    }

    /** The answer: {@code degraded} when the counters could not be read (then the rows have no figures). */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record LimitsView(String object, String tenant, String tier, boolean degraded, List<TenantLimits.Row> limits) {
    }

    @Get
    @Produces(MediaType.APPLICATION_JSON)
    public CompletableFuture<MutableHttpResponse<?>> limits(HttpRequest<?> request) {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        return authenticator.authenticate(request)
                .thenCompose(caller -> policies.policy(caller.tenantId()).thenCompose(policy -> {
                    List<Bucket> buckets = TenantLimits.buckets(keys, policy, caller.keyId(),
                            admission.leaseTtl().toMillis(), now);
                    return reader.read(buckets).handle((levels, failure) -> {
                        if (failure != null) {
                            LOG.warn("could not read the limit counters of tenant {}: {}", caller.tenantId(),
                                    failure.toString());
                        }
                        LimitsView body = new LimitsView("limits", caller.tenantId(), policy.tier(), failure != null,
                                TenantLimits.rows(keys, caller.tenantId(), caller.keyId(), buckets,
                                        failure == null ? levels : null, now));
                        MutableHttpResponse<?> ok = HttpResponse.ok(Json.bytes(body)).contentType(MediaType.APPLICATION_JSON_TYPE)
                                .header("cache-control", "no-store");
                        return ok;
                    });
                }))
                .handle((response, failure) -> failure == null ? response : ErrorResponses.of(failure));
    }
}
