/**
 * Bounded metric labels: the busiest values keep their own label, the rest become "other".
 * Request path: settle, when a request's metrics are labelled.
 */
package ai.factory.observability.labels;
