/**
 * The product catalog: manifests and templates checked at start-up, input validation, prompt rendering, output checks.
 * Request path: parse for a product call; its TokenCounter also sizes resolve's reservation and counts a cut relay.
 */
package ai.factory.products;
