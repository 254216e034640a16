package ai.factory.gateway.admin;

import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.bind.binders.TypedRequestArgumentBinder;
import jakarta.inject.Singleton;
import java.security.Principal;
import java.util.Optional;

/**
 * Hands the principal {@link ManagementGuard} set (the operator, when the admin token came with
 * the request) to endpoints that take one, as {@code /health} does to decide on its details.
 * Without micronaut-security nothing else binds a {@link Principal}.
 */
@Singleton
final class OperatorPrincipalBinder implements TypedRequestArgumentBinder<Principal> {

    @Override
    public Argument<Principal> argumentType() {
        return Argument.of(Principal.class);
    }

    @Override
    public BindingResult<Principal> bind(ArgumentConversionContext<Principal> context, HttpRequest<?> source) {
        Optional<Principal> principal = source.getUserPrincipal();
        return () -> principal;
    }
}
