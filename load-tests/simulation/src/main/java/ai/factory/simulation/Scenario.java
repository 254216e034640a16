package ai.factory.simulation;

/**
 * One row of the results: a workload, the balancer each gateway copy uses, how many copies share
 * the traffic (round-robin, as a load balancer in front of serverless instances would), and
 * whether SLO-aware admission runs in front of routing.
 *
 * @param group the row's workload column (the workload's name, or a variant of it)
 * @param label the row's name in the table (balancer, and "+ SLO admission" or "FCFS")
 * @param load offered load as a share of the fleet's capacity
 */
record Scenario(String group, Workload workload, String label, String balancer, int instances, boolean slo, double load,
        FleetOptions fleet) {

    /** What the emulated servers do beyond the base settings. */
    record FleetOptions(boolean prefixCache, boolean kvEvents, int maxLoras, long loraLoadMs) {
        static final FleetOptions PREFIX = new FleetOptions(true, false, 0, 0);
    }
}
