package ai.factory.gateway.products;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.util.List;

/**
 * {@code gateway.products.*}: where extra manifests live, and what a tenant may use before an
 * operator says otherwise.
 */
@ConfigurationProperties("gateway.products")
public final class ProductsConfig {

    /** A folder of {@code <id>/manifest.yaml} that adds to or replaces the built-in catalog. */
    private String dir;
    /** {@code all}: every product unless disabled; {@code none}: only products enabled per tenant. */
    private String defaultEntitlement = "all";
    /** With {@code default-entitlement: list}, the products every tenant gets. */
    private List<String> defaultProducts = List.of();

    public boolean entitledByDefault(String product) {
        return switch (defaultEntitlement) {
            case "none" -> false;
            case "list" -> defaultProducts.contains(product);
            default -> true;
        };
    }

    public String getDir() {
        return dir;
    }

    public void setDir(String dir) {
        this.dir = dir;
    }

    public String getDefaultEntitlement() {
        return defaultEntitlement;
    }

    public void setDefaultEntitlement(String defaultEntitlement) {
        this.defaultEntitlement = defaultEntitlement;
    }

    public List<String> getDefaultProducts() {
        return defaultProducts;
    }

    public void setDefaultProducts(List<String> defaultProducts) {
        this.defaultProducts = defaultProducts;
    }
}
