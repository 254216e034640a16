package ai.factory.gateway.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.core.reflect.exception.InstantiationException;
import io.micronaut.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Only an instantiation refused while Jackson read a body is the client's error. */
class ScalarBodyErrorHandlerTest {

    @Test
    void an_instantiation_failure_elsewhere_stays_a_server_error_without_micronauts_message() {
        InstantiationException elsewhere = new InstantiationException("Argument count [1] doesn't match required argument count: 3");
        assertFalse(ScalarBodyErrorHandler.fromSingleJsonValue(elsewhere));
        HttpResponse<?> response = new ScalarBodyErrorHandler().handle(null, elsewhere);
        assertEquals(500, response.code());
        String body = new String((byte[]) response.body(), StandardCharsets.UTF_8);
        assertFalse(body.contains("Argument count"), body);
        assertTrue(body.contains("\"type\":\"server_error\""), body);
    }

    @Test
    void one_raised_by_micronauts_jackson_module_building_from_one_value_is_the_clients_400() {
        InstantiationException fromBody = new InstantiationException("Argument count [1] doesn't match required argument count: 3");
        fromBody.setStackTrace(new StackTraceElement[] {
            new StackTraceElement("io.micronaut.inject.beans.AbstractInitializableBeanIntrospection", "instantiate", null, 349),
            new StackTraceElement("io.micronaut.jackson.modules.BeanIntrospectionModule$BeanIntrospectionDeserializerModifier$1",
                    "createFromInt", null, 745)});
        HttpResponse<?> response = new ScalarBodyErrorHandler().handle(null, fromBody);
        assertEquals(400, response.code());
        String body = new String((byte[]) response.body(), StandardCharsets.UTF_8);
        assertTrue(body.contains("request body does not have the expected shape: expected an object"), body);
    }
}
