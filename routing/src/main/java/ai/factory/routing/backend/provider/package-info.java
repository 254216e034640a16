/**
 * Non-OpenAI providers as pool protocols: Anthropic through LangChain4j, translated to and from OpenAI's chat.
 * Request path: route and relay.
 */
package ai.factory.routing.backend.provider;
