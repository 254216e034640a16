package ai.factory.gateway.ratelimit;

/**
 * What a bucket limits, carried by the bucket itself so that nothing reads it back out of a
 * Redis key. {@link #script} is the kind the Lua scripts know (admit.lua): {@code req} and
 * {@code tok} are token buckets, {@code lease} concurrency leases, {@code budget} calendar counters.
 */
public enum BucketKind {
    REQUESTS("req", Period.MINUTE, false, "rpm", "requests_per_minute", "requests per minute"),
    TOKENS("tok", Period.MINUTE, false, "tpm", "tokens_per_minute", "tokens per minute"),
    CONCURRENCY("lease", Period.LEASE, false, "conc", "concurrent_requests", "concurrent requests"),
    DAILY_TOKENS("budget", Period.DAY, false, "dtok", "daily_tokens", "token budget"),
    MONTHLY_TOKENS("budget", Period.MONTH, false, "mtok", "monthly_tokens", "token budget"),
    DAILY_COST("budget", Period.DAY, true, "dcost", "daily_cost_usd", "cost budget"),
    MONTHLY_COST("budget", Period.MONTH, true, "mcost", "monthly_cost_usd", "cost budget");

    private final String script;
    private final Period period;
    private final boolean cost;
    private final String keyPart;
    private final String limitName;
    private final String description;

    BucketKind(String script, Period period, boolean cost, String keyPart, String limitName, String description) {
        this.script = script;
        this.period = period;
        this.cost = cost;
        this.keyPart = keyPart;
        this.limitName = limitName;
        this.description = description;
    }

    /** The kind as admit.lua, settle_buckets.lua and peek_limits.lua take it. */
    public String script() {
        return script;
    }

    public Period period() {
        return period;
    }

    /** A refilling token bucket of requests or tokens. */
    public boolean refills() {
        return this == REQUESTS || this == TOKENS;
    }

    /** A calendar-window counter: settles by what was used, never refills. */
    public boolean budget() {
        return period.calendar();
    }

    /** Counts nano-dollars; every other bucket counts requests or tokens. */
    public boolean cost() {
        return cost;
    }

    /** The bucket's part of its Redis key, after the scope: {@code rpm}, {@code dtok} (then the day) … */
    public String keyPart() {
        return keyPart;
    }

    /** The limit's name in {@code GET /v1/limits}. */
    public String limitName() {
        return limitName;
    }

    /** The limit as a 429 message names it. */
    public String description() {
        return description;
    }
}
