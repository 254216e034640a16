/**
 * Model aliases: the name a tenant calls, as an ordered list of targets (a pool and its served model name).
 * Request path: resolve (alias to targets) and route (the targets in order).
 */
package ai.factory.routing.alias;
