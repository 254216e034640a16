package ai.factory.gateway.policy;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;

/**
 * {@code gateway.tiers.<name>}: the default limits of a tier (free, standard, enterprise, …).
 * Cost budgets are in USD here, for people; the gateway counts nano-dollars.
 */
@EachProperty("gateway.tiers")
public final class TierConfig {

    private final String name;
    private Long rpm;
    private Long tpm;
    private Long concurrency;
    private Long dailyTokens;
    private Long monthlyTokens;
    private Double dailyCostUsd;
    private Double monthlyCostUsd;
    /** The tier's time-to-first-token promise, for SLO-aware admission on pools that have it; null: none. */
    private java.time.Duration ttftObjective;

    public TierConfig(@Parameter String name) {
        this.name = name;
    }

    public Limits limits() {
        return new Limits(rpm, tpm, concurrency, dailyTokens, monthlyTokens, nanos(dailyCostUsd), nanos(monthlyCostUsd));
    }

    static Long nanos(Double usd) {
        return usd == null ? null : Math.round(usd * 1_000_000_000d);
    }

    public String getName() {
        return name;
    }

    public Long getRpm() {
        return rpm;
    }

    public void setRpm(Long rpm) {
        this.rpm = rpm;
    }

    public Long getTpm() {
        return tpm;
    }

    public void setTpm(Long tpm) {
        this.tpm = tpm;
    }

    public Long getConcurrency() {
        return concurrency;
    }

    public void setConcurrency(Long concurrency) {
        this.concurrency = concurrency;
    }

    public Long getDailyTokens() {
        return dailyTokens;
    }

    public void setDailyTokens(Long dailyTokens) {
        this.dailyTokens = dailyTokens;
    }

    public Long getMonthlyTokens() {
        return monthlyTokens;
    }

    public void setMonthlyTokens(Long monthlyTokens) {
        this.monthlyTokens = monthlyTokens;
    }

    public Double getDailyCostUsd() {
        return dailyCostUsd;
    }

    public void setDailyCostUsd(Double dailyCostUsd) {
        this.dailyCostUsd = dailyCostUsd;
    }

    public java.time.Duration getTtftObjective() {
        return ttftObjective;
    }

    public void setTtftObjective(java.time.Duration ttftObjective) {
        this.ttftObjective = ttftObjective;
    }

    public Double getMonthlyCostUsd() {
        return monthlyCostUsd;
    }

    public void setMonthlyCostUsd(Double monthlyCostUsd) {
        this.monthlyCostUsd = monthlyCostUsd;
    }
}
