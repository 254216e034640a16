package ai.factory.gateway.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.accounting.UsageEvent;
import ai.factory.gateway.support.CapturedLogs;
import io.opentelemetry.context.Context;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestObserversTest {

    @Test
    void an_observer_that_throws_is_logged_and_the_next_one_is_still_told() {
        List<UsageEvent> told = new ArrayList<>();
        RequestObserver broken = (event, trace, start) -> {
            throw new IllegalStateException("observer bug");
        };
        RequestObserver recording = (event, trace, start) -> told.add(event);
        UsageEvent event = Events.ok("acme", "chat-default", 1, 1);
        try (CapturedLogs logs = new CapturedLogs()) {
            RequestObservers.tell(List.of(broken, recording), event, Context.root(), 0);
            assertTrue(logs.text().contains("request observer") && logs.text().contains("observer bug"), logs.text());
        }
        assertEquals(List.of(event), told);
    }
}
