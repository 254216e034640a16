/**
 * Reads a request body in one streaming pass: the fields the path acts on, splice offsets, the prompt's size, prefix.
 * Request path: parse.
 */
package ai.factory.gateway.request;
