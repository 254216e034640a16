package ai.factory.routing.balancing;

import ai.factory.routing.pool.Endpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Power of two choices: two endpoints drawn at random, the less loaded one wins. Nearly as good
 * as least-outstanding, without every gateway instance herding onto the same "least loaded"
 * endpoint at once (each instance sees only its own in-flight counts).
 */
public final class PowerOfTwoChoices implements Balancer {

    private final RandomGenerator random;

    public PowerOfTwoChoices() {
        this(RandomGenerator.of("L64X128MixRandom"));
    }

    /** @param random the draw, injectable so tests can fix it */
    public PowerOfTwoChoices(RandomGenerator random) {
        this.random = random;
    }

    @Override
    public Endpoint acquire(List<Endpoint> endpoints, BalanceHints hints) {
        return Slots.acquire(endpoints, this::pick);
    }

    private Endpoint pick(List<Endpoint> endpoints) {
        List<Endpoint> open = new ArrayList<>(endpoints.size());
        for (Endpoint e : endpoints) {
            if (e.hasCapacity()) {
                open.add(e);
            }
        }
        if (open.size() <= 1) {
            return open.isEmpty() ? null : open.get(0);
        }
        Endpoint a;
        Endpoint b;
        synchronized (random) {
            int i = random.nextInt(open.size());
            int j = random.nextInt(open.size() - 1);
            a = open.get(i);
            b = open.get(j >= i ? j + 1 : j);
        }
        return Slots.load(b) < Slots.load(a) ? b : a;
    }

    @Override
    public String name() {
        return "p2c";
    }
}
