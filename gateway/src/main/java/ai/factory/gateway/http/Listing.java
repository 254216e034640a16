package ai.factory.gateway.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** OpenAI's list envelope, {@code {"object":"list","data":[...]}}, for the admin and usage APIs. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Listing<T>(String object, List<T> data) {

    public static <T> Listing<T> of(List<T> data) {
        return new Listing<>("list", data);
    }
}
