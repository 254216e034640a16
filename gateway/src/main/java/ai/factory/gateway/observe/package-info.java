/**
 * What every request tells observers when it ends (the billed usage event), stage spans, and the tenant label bound.
 * Request path: settle (observers are told once per request); StageSpans cover auth and admit.
 */
package ai.factory.gateway.observe;
