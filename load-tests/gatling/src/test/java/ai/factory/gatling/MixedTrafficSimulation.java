package ai.factory.gatling;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.percent;
import static io.gatling.javaapi.core.CoreDsl.randomSwitch;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

/**
 * Mixed tenant traffic: three tenants on the three tiers, each sending a mix of chat (two model
 * aliases), streamed chat, legacy completions and embeddings; greedy repeats (cache hits after
 * the first asking) and sampled or fresh prompts (misses and bypasses). Rates stay inside every
 * tier's limits, so every request must succeed: the only assertion is correctness. When the
 * gateway serves packaged products ({@code GET /v1/products}), a tenth of the mix invokes them.
 */
public class MixedTrafficSimulation extends Simulation {

    private final int seconds = SimulationSettings.number("mixed.seconds", 60);

    private final Products products = Products.discover(SimulationSettings.key("enterprise"));

    private ScenarioBuilder tenant(String tier) {
        String key = SimulationSettings.key(tier);
        if (products.available()) {
            // The same mix with a tenth of it moved to the packaged products.
            return scenario(tier).exec(randomSwitch().on(
                    percent(25).then(Calls.chat(tier + ": chat, greedy repeat", key, "chat-default", true, 32)),
                    percent(15).then(Calls.chat(tier + ": chat, sampled", key, "chat-default", false, 32)),
                    percent(20).then(Calls.chatStream(tier + ": chat stream, sampled", key, "chat-default", false, 32)),
                    percent(5).then(Calls.chatStream(tier + ": chat stream, greedy repeat", key, "chat-default", true, 32)),
                    percent(10).then(Calls.embeddings(tier + ": embeddings", key)),
                    percent(10).then(Calls.completion(tier + ": completions", key)),
                    percent(5).then(Calls.chat(tier + ": chat-large, sampled", key, "chat-large", false, 32)),
                    percent(10).then(products.invoke(tier + ": product invoke", key))));
        }
        return scenario(tier).exec(randomSwitch().on(
                percent(30).then(Calls.chat(tier + ": chat, greedy repeat", key, "chat-default", true, 32)),
                percent(20).then(Calls.chat(tier + ": chat, sampled", key, "chat-default", false, 32)),
                percent(20).then(Calls.chatStream(tier + ": chat stream, sampled", key, "chat-default", false, 32)),
                percent(5).then(Calls.chatStream(tier + ": chat stream, greedy repeat", key, "chat-default", true, 32)),
                percent(10).then(Calls.embeddings(tier + ": embeddings", key)),
                percent(10).then(Calls.completion(tier + ": completions", key)),
                percent(5).then(Calls.chat(tier + ": chat-large, sampled", key, "chat-large", false, 32))));
    }

    {
        // Per second: enterprise 20, standard 8 (480 of its 600 rpm), free 0.25 (15 of its 20 rpm).
        setUp(
                tenant("enterprise").injectOpen(constantUsersPerSec(SimulationSettings.decimal("mixed.enterprise.rps", 20)).during(seconds)),
                tenant("standard").injectOpen(constantUsersPerSec(SimulationSettings.decimal("mixed.standard.rps", 8)).during(seconds)),
                tenant("free").injectOpen(constantUsersPerSec(SimulationSettings.decimal("mixed.free.rps", 0.25)).during(seconds)))
                .protocols(SimulationSettings.protocol())
                .assertions(global().failedRequests().count().is(0L), global().allRequests().count().gt(0L))
                .maxDuration(seconds + 120);
    }

    @Override
    public void after() {
        long hits = Calls.CACHE_HITS.get();
        System.out.println("MIXED RESULT cache_hits=" + hits + " cache_misses=" + Calls.CACHE_MISSES.get());
        if (hits == 0) {
            throw new IllegalStateException("no cache hit in the whole run: the response cache did not answer");
        }
    }
}
