/**
 * Every failure as OpenAI's error body with its status, and the operator-only report of what the backend said.
 * Request path: any stage's failure (Fail renders it through here), and the framework's own errors.
 */
package ai.factory.gateway.error;
