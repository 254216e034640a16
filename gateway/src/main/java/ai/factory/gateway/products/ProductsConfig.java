package ai.factory.gateway.products;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.util.List;
import java.util.Locale;

/**
 * {@code gateway.products.*}: where extra manifests live, and what a tenant may use before an
 * operator says otherwise.
 *
 * @param dir a folder of {@code <id>/manifest.yaml} that adds to or replaces the built-in catalog
 * @param defaultProducts with {@code default-entitlement: list}, the products every tenant gets
 */
@ConfigurationProperties("gateway.products")
public record ProductsConfig(@Nullable String dir,
        @Bindable(defaultValue = "all") DefaultEntitlement defaultEntitlement,
        @Nullable List<String> defaultProducts) {

    public ProductsConfig {
        defaultProducts = defaultProducts == null ? List.of() : List.copyOf(defaultProducts);
    }

    /** all: every product unless disabled; none: only products enabled per tenant; list: {@code default-products}. */
    public enum DefaultEntitlement {
        ALL,
        NONE,
        LIST;

        /** As written in configuration. */
        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public boolean entitledByDefault(String product) {
        return switch (defaultEntitlement) {
            case NONE -> false;
            case LIST -> defaultProducts.contains(product);
            case ALL -> true;
        };
    }
}
