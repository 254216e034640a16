package ai.factory.gateway.admin;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * {@code gateway.admin.token} ({@code GATEWAY_ADMIN_TOKEN}): without it the admin API and the
 * management endpoints refuse everyone. {@code gateway.admin.scrape-token}
 * ({@code GATEWAY_SCRAPE_TOKEN}, optional): a second secret that may read {@code /prometheus}
 * and nothing else, so the Prometheus server need not hold the operator's token.
 */
@ConfigurationProperties("gateway.admin")
public record AdminConfig(@Nullable String token, @Nullable String scrapeToken) {
}
