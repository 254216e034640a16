package ai.factory.gateway.request;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;

/**
 * Every read through the application's {@link ObjectMapper} refuses a JSON key sent twice:
 * Micronaut binds the admin API's bodies with it, and the product, MCP and Responses controllers
 * read theirs with it. With the last copy winning, {@code {"name":"s1","name":"s2"}} created s2.
 * Set on the databind configuration, not on the JsonFactory, so the streaming parsers built from
 * the factory on the hot path keep their cost: the usage meter reading each backend chunk, and
 * the request reader, which turns the check on for its own parser (every depth, one pass). Backend answers read as trees through
 * the mapper are held to it too: an answer naming a key twice is not JSON the gateway acts on.
 */
@Singleton
public final class StrictJsonReads implements BeanCreatedEventListener<ObjectMapper> {

    @Override
    public ObjectMapper onCreated(BeanCreatedEvent<ObjectMapper> event) {
        return strict(event.getBean());
    }

    /** {@code mapper}, refusing a key sent twice in everything it reads. */
    public static ObjectMapper strict(ObjectMapper mapper) {
        return mapper.setConfig(mapper.getDeserializationConfig().with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION));
    }
}
