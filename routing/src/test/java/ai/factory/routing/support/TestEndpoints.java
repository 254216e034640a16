package ai.factory.routing.support;

import ai.factory.routing.pool.Endpoint;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** Endpoints with made-up addresses and a chosen number of requests already in flight. */
public final class TestEndpoints {

    private TestEndpoints() {
    }

    public static Endpoint endpoint(String host, int maxConcurrent) {
        return new Endpoint("p", URI.create("http://" + host + ":8000"), 1, maxConcurrent);
    }

    public static List<Endpoint> endpoints(int count, int maxConcurrent) {
        List<Endpoint> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add(endpoint("gpu" + i, maxConcurrent));
        }
        return list;
    }

    /** Puts {@code n} requests in flight on the endpoint. */
    public static Endpoint load(Endpoint endpoint, int n) {
        for (int i = 0; i < n; i++) {
            if (!endpoint.tryAcquire()) {
                throw new IllegalStateException("endpoint full");
            }
        }
        return endpoint;
    }
}
