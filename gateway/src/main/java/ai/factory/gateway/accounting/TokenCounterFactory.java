package ai.factory.gateway.accounting;

import ai.factory.products.TokenCounter;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** Makes the products module's plain-Java {@link TokenCounter} a bean, so the catalog and the gateway count alike. */
@Factory
public class TokenCounterFactory {

    @Singleton
    TokenCounter tokenCounter() {
        return new TokenCounter();
    }
}
