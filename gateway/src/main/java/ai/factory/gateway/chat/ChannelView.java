package ai.factory.gateway.chat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.Set;

/**
 * A channel binding as the admin API shows it: everything but the secrets (only their names),
 * and the URL to give the platform. Times in epoch seconds.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ChannelView(String id, String object, String tenant, String platform, String workspace,
                          @JsonProperty("default_product") String defaultProduct,
                          @JsonProperty("allowed_products") Set<String> allowedProducts,
                          @JsonProperty("end_user_requests_per_minute") int endUserRequestsPerMinute,
                          Set<String> channels,
                          @JsonProperty("credential_names") Set<String> credentialNames,
                          @JsonProperty("webhook_path") String webhookPath,
                          @Nullable @JsonProperty("created_at") Long createdAt,
                          @Nullable @JsonProperty("updated_at") Long updatedAt) {

    static ChannelView of(ChannelRow row) {
        return new ChannelView(row.id(), "channel", row.tenantId(), row.platform(), row.workspace(), row.defaultProduct(),
                ChannelBindings.products(row.allowedProducts()), row.endUserRpm(), ChannelBindings.products(row.channels()),
                ChannelBindings.products(row.credentialNames()), "/chat/" + row.platform() + "/" + row.id(),
                row.createdAt() == null ? null : row.createdAt().getEpochSecond(),
                row.updatedAt() == null ? null : row.updatedAt().getEpochSecond());
    }
}
