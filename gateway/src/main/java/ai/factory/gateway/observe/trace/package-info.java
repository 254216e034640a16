/**
 * Traces: which requests are sampled, and one GenAI span per request made from its usage event,
 * with the prompt and answer for tenants that opted in to content capture.
 * Request path: sampling is decided on arrival, the GenAI span at settle.
 */
package ai.factory.gateway.observe.trace;
