package ai.factory.gatling;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import java.util.concurrent.atomic.AtomicLong;

import static io.gatling.javaapi.core.CoreDsl.exec;

/**
 * One tenant spikes far past its limits while two others keep sending at their usual rate. The
 * spiking tenant must get 429s (OpenAI's error body, {@code retry-after} and the
 * {@code x-ratelimit-*} headers) and nothing else; the calm tenants must get only 200s. Request
 * names carry the phase (before, during, after the spike), so the report shows the calm
 * tenants' latency in each.
 */
public class SpikeSimulation extends Simulation {

    private static final AtomicLong SPIKY_OK = new AtomicLong();
    private static final AtomicLong SPIKY_REJECTED = new AtomicLong();

    private final int seconds = SimulationSettings.number("spike.seconds", 60);
    private final int spikeStart = SimulationSettings.number("spike.start", 20);
    private final int spikeSeconds = SimulationSettings.number("spike.duration", 15);
    private final double spikeRps = SimulationSettings.decimal("spike.rps", 40);
    private final long startMillis = System.currentTimeMillis();

    private Session phase(Session session) {
        long elapsed = (System.currentTimeMillis() - startMillis) / 1000;
        String phase = elapsed < spikeStart ? "1 before spike" : elapsed < spikeStart + spikeSeconds
                ? "2 during spike" : "3 after spike";
        return session.set("phase", phase);
    }

    private ScenarioBuilder calm(String tenant) {
        return scenario(tenant).exec(this::phase)
                .exec(Calls.chat(tenant + ": #{phase}", SimulationSettings.key(tenant), "chat-default", false, 16));
    }

    private ChainBuilder spikyCall() {
        String key = SimulationSettings.key("spiky");
        return exec(this::phase).exec(http("spiky: #{phase}").post("/v1/chat/completions")
                .header("authorization", "Bearer " + key)
                .body(StringBody(session -> Calls.chatBody("chat-default", false, 0.7, Calls.freshPrompt(), 16)))
                .check(status().in(200, 429).saveAs("status"), header("x-ratelimit-limit-requests").exists())
                .checkIf((response, session) -> response.status().code() == 429).then(
                        header("retry-after").transform(Integer::parseInt).gte(0),
                        header("x-ratelimit-remaining-requests").exists(),
                        jsonPath("$.error.type").exists(),
                        jsonPath("$.error.code").in("rate_limit_exceeded", "insufficient_quota"))
                .checkIf((response, session) -> response.status().code() == 200).then(
                        jsonPath("$.choices[0].message.content").exists()))
                .exec(session -> {
                    if (session.getInt("status") == 429) {
                        SPIKY_REJECTED.incrementAndGet();
                    } else {
                        SPIKY_OK.incrementAndGet();
                    }
                    return session;
                });
    }

    {
        double calmRps = SimulationSettings.decimal("spike.calm.rps", 5);
        setUp(
                calm("calm-standard").injectOpen(constantUsersPerSec(calmRps).during(seconds)),
                calm("calm-enterprise").injectOpen(constantUsersPerSec(calmRps * 2).during(seconds)),
                scenario("spiky baseline").exec(spikyCall()).injectOpen(constantUsersPerSec(0.5).during(seconds)),
                scenario("spiky burst").exec(spikyCall())
                        .injectOpen(nothingFor(spikeStart), constantUsersPerSec(spikeRps).during(spikeSeconds)))
                .protocols(SimulationSettings.protocol())
                .assertions(global().failedRequests().count().is(0L))
                .maxDuration(seconds + 120);
    }

    @Override
    public void after() {
        System.out.println("SPIKE RESULT spiky_ok=" + SPIKY_OK.get() + " spiky_429=" + SPIKY_REJECTED.get());
        if (SPIKY_REJECTED.get() == 0) {
            throw new IllegalStateException("the spiking tenant was never rate-limited");
        }
    }
}
