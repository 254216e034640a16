package ai.factory.gateway.accounting;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code gateway.prices.<model alias>}: USD per million input, output and cached-input tokens.
 * A model without an entry uses {@code gateway.prices.default}, and free when neither exists.
 */
@EachProperty("gateway.prices")
public record Prices(@Parameter String model, @Bindable(defaultValue = "0") double input,
        @Bindable(defaultValue = "0") double output, @Bindable(defaultValue = "0") double cached) {
}
