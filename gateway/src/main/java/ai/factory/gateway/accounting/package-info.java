/**
 * What a request used and cost: the usage meter that watches an answer go by, prices, the usage event and its codec.
 * Request path: relay (the meter counts the answer as it passes) and settle (the priced usage event).
 */
package ai.factory.gateway.accounting;
