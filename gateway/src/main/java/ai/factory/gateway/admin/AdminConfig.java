package ai.factory.gateway.admin;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * {@code gateway.admin.token} ({@code GATEWAY_ADMIN_TOKEN}): without it the admin API and the
 * management endpoints refuse everyone. {@code gateway.admin.scrape-token}
 * ({@code GATEWAY_SCRAPE_TOKEN}, optional): a second secret that may read {@code /prometheus}
 * and nothing else, so the Prometheus server need not hold the operator's token.
 */
@ConfigurationProperties("gateway.admin")
public final class AdminConfig {

    private String token;
    private String scrapeToken;

    public String getToken() {
        return token;
    }

    public void setToken(String token) {
        this.token = token;
    }

    public String getScrapeToken() {
        return scrapeToken;
    }

    public void setScrapeToken(String scrapeToken) {
        this.scrapeToken = scrapeToken;
    }
}
