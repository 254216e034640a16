package ai.factory.gateway.observe.metrics;

/**
 * Tool names that may become metric labels: the tools that capability actually serves (an
 * upstream MCP server listed them). A name a client made up is not one, so it cannot mint series.
 */
public interface KnownTools {

    boolean known(String toolName);
}
