/**
 * The products as MCP tools over streamable HTTP: JSON-RPC messages, sessions, origins, tool results and progress.
 * Request path: auth in the controller, then a tool call takes a product's path from resolve through ProductInvoker.
 */
package ai.factory.gateway.mcp;
