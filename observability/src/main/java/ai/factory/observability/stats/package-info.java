/**
 * Quantiles from cumulative histograms, computed as Prometheus' histogram_quantile does.
 * Off the request path: the /ops page's percentiles.
 */
package ai.factory.observability.stats;
