/**
 * The gateway side of the product catalog: loading it, entitlements, the product API and the invoker.
 * Request path: parse for a product call (input checked, prompt rendered), which then joins the chain at resolve.
 */
package ai.factory.gateway.products;
