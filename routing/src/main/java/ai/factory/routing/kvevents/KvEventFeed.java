package ai.factory.routing.kvevents;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One pool's KV-event subscriptions, kept in step with its endpoint list: {@link #follow} opens a
 * subscription for each endpoint that has none, closes the subscriptions of endpoints that left
 * (and drops their blocks from the index, so no request is sent after a server that is gone), and
 * replaces one whose publisher address changed. Endpoints that stay keep their subscription, so a
 * configuration refresh loses no events for them.
 */
public final class KvEventFeed implements AutoCloseable {

    /** Told of every subscription opened and closed, e.g. to register its meters. */
    public interface Listener {

        void opened(KvEventSubscriber subscriber);

        void closed(KvEventSubscriber subscriber);
    }

    private final KvBlockIndex index;
    private final String topic;
    private final Duration deafAfter;
    private final Listener listener;
    private final Map<String, KvEventSubscriber> byEndpoint = new LinkedHashMap<>();

    public KvEventFeed(KvBlockIndex index, String topic, Duration deafAfter, Listener listener) {
        if (deafAfter.isNegative() || deafAfter.isZero()) {
            throw new IllegalArgumentException("kv-events deaf-after must be positive: " + deafAfter);
        }
        this.index = index;
        this.topic = topic;
        this.deafAfter = deafAfter;
        this.listener = listener;
    }

    /** @param publishers each endpoint's base URL (the index's key) to its server's ZMQ publisher */
    public synchronized void follow(Map<String, String> publishers) {
        Iterator<Map.Entry<String, KvEventSubscriber>> it = byEndpoint.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, KvEventSubscriber> held = it.next();
            String zmq = publishers.get(held.getKey());
            if (zmq != null && zmq.equals(held.getValue().zmqEndpoint())) {
                continue;
            }
            stop(held.getValue());
            it.remove();
            if (zmq == null) {
                index.drop(held.getKey());
            } else {
                // Another publisher: its sequence numbers start afresh, and what the old one said may not hold.
                index.forget(held.getKey());
            }
        }
        publishers.forEach((endpoint, zmq) -> {
            if (!byEndpoint.containsKey(endpoint)) {
                KvEventSubscriber s = new KvEventSubscriber(zmq, endpoint, index, topic, deafAfter);
                byEndpoint.put(endpoint, s);
                listener.opened(s);
            }
        });
    }

    private void stop(KvEventSubscriber subscriber) {
        subscriber.close();
        listener.closed(subscriber);
    }

    public KvBlockIndex index() {
        return index;
    }

    /** The open subscriptions, in the order they were opened. */
    public synchronized List<KvEventSubscriber> subscribers() {
        return new ArrayList<>(byEndpoint.values());
    }

    @Override
    public synchronized void close() {
        byEndpoint.values().forEach(this::stop);
        byEndpoint.clear();
    }
}
