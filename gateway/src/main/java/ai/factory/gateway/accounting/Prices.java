package ai.factory.gateway.accounting;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;

/**
 * {@code gateway.prices.<model alias>}: USD per million input, output and cached-input tokens.
 * A model without an entry uses {@code gateway.prices.default}, and free when neither exists.
 */
@EachProperty("gateway.prices")
public final class Prices {

    private final String model;
    private double input;
    private double output;
    private double cached;

    public Prices(@Parameter String model) {
        this.model = model;
    }

    public String getModel() {
        return model;
    }

    public double getInput() {
        return input;
    }

    public void setInput(double input) {
        this.input = input;
    }

    public double getOutput() {
        return output;
    }

    public void setOutput(double output) {
        this.output = output;
    }

    public double getCached() {
        return cached;
    }

    public void setCached(double cached) {
        this.cached = cached;
    }
}
