package ai.factory.gateway.ratelimit.expiry;

import ai.factory.gateway.accounting.UsageEvent;
import ai.factory.gateway.ratelimit.AdmissionPlan;
import java.util.List;

/**
 * Where reservation records live. A record shares its tenant's hash tag (one Redis Cluster slot
 * with the tenant's buckets, so admit and settle touch it in the same script call); the index of
 * records by expiry sits next to the usage stream the tenant's events go to, so that a sharded
 * stream brings a sharded index with it. Every key of the expiry package is made here.
 */
public final class ReservationKeys {

    static final String INDEX_SUFFIX = ":reservations";

    private ReservationKeys() {
    }

    /** The record of one request's reservation. */
    public static String record(String tenantId, String member) {
        return "resv:" + AdmissionPlan.tag(tenantId) + ":" + member;
    }

    /** The usage stream the tenant's events are appended to (the one settle.lua XADDs to). */
    public static String stream(String tenantId) {
        return UsageEvent.STREAM;
    }

    /** The expiry index the tenant's records are listed in. */
    public static String index(String tenantId) {
        return stream(tenantId) + INDEX_SUFFIX;
    }

    /** Every index a reaper sweeps: one per usage stream. */
    public static List<String> indexes() {
        return List.of(UsageEvent.STREAM + INDEX_SUFFIX);
    }

    /** The stream whose events belong with an index (the reaper appends its estimated events there). */
    static String streamOf(String index) {
        return index.substring(0, index.length() - INDEX_SUFFIX.length());
    }
}
