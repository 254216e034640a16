package ai.factory.gateway.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the pool whose backend a test parameter receives from {@link GatewayFixture}:
 * {@code @Pool("gpu") Emulator gpu} or {@code @Pool("wm") WireMockServer backend}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Pool {
    String value();
}
