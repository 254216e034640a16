package ai.factory.gateway.api.stage;

import ai.factory.gateway.api.Operation;
import ai.factory.gateway.api.ParsedRequest;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;

/** Stage 2: the client's body, read once ({@link ParsedRequest} says how); a bad one is a 400. */
@Singleton
public class Parse {

    private final ObjectMapper json;

    public Parse(ObjectMapper json) {
        this.json = json;
    }

    public Parsed apply(Authenticated authenticated, Operation operation, byte[] body) {
        return new Parsed(authenticated, ParsedRequest.parse(operation, body, json), Terms.API);
    }
}
