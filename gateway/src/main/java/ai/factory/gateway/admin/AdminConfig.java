package ai.factory.gateway.admin;

import io.micronaut.context.annotation.ConfigurationProperties;

/** {@code gateway.admin.token} ({@code GATEWAY_ADMIN_TOKEN}): without it the admin API refuses everyone. */
@ConfigurationProperties("gateway.admin")
public final class AdminConfig {

    private String token;

    public String getToken() {
        return token;
    }

    public void setToken(String token) {
        this.token = token;
    }
}
