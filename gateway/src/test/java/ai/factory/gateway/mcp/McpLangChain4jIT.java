package ai.factory.gateway.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.emulator.EmulatorConfig;
import ai.factory.gateway.accounting.UsageFixtures;
import ai.factory.gateway.support.Admin;
import ai.factory.gateway.support.Await;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.GatewayFixture;
import ai.factory.gateway.support.Key;
import ai.factory.products.OutputCheck;
import ai.factory.products.ProductCatalog;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.mcp.McpToolProvider;
import dev.langchain4j.mcp.client.DefaultMcpClient;
import dev.langchain4j.mcp.client.McpClient;
import dev.langchain4j.mcp.client.transport.http.StreamableHttpMcpTransport;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.Result;
import dev.langchain4j.service.tool.ToolExecution;
import dev.langchain4j.service.tool.ToolExecutionResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * /mcp driven by LangChain4j's MCP client (langchain4j-mcp 1.18.1-beta28 beside LangChain4j
 * 1.19.0), and a LangChain4j AI service that gets the gateway's products as tools and whose model
 * (the emulator, through the gateway's chat API) calls one.
 */
class McpLangChain4jIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ProductCatalog CATALOG = ProductCatalog.load();

    @RegisterExtension
    static final GatewayFixture gw = GatewayFixture.builder()
            .emulator("gpu", EmulatorConfig.profileBuilder("fast"))
            .alias("chat-default", "gpu")
            .alias("chat-large", "gpu")
            .alias("embed-default", "gpu")
            .redisDatabase(17)
            .properties(UsageFixtures.quickFlush())
            .tenant("lc4j-list")
            .tenant("lc4j-agent")
            .build();

    private static McpClient client(String key) {
        return DefaultMcpClient.builder().key("ai-factory")
                .transport(StreamableHttpMcpTransport.builder().url(gw.app().uri("/mcp").toString())
                        .customHeaders(Map.of("Authorization", "Bearer " + key)).timeout(Duration.ofSeconds(30)).build())
                .build();
    }

    @Test
    void langchain4j_mcp_client_lists_the_entitled_products_and_calls_one(GatewayApp app, @Key("lc4j-list") String key)
            throws Exception {
        Admin.call(app, "PUT", "/admin/tenants/lc4j-list/products/sql-from-text", "{\"enabled\":false}");
        try (McpClient client = client(key)) {
            List<ToolSpecification> tools = client.listTools();
            Set<String> names = tools.stream().map(ToolSpecification::name).collect(Collectors.toSet());
            assertTrue(names.contains("sentiment"), names.toString());
            assertFalse(names.contains("sql-from-text"), "a product the tenant is not entitled to is not listed");
            ToolSpecification sentiment = tools.stream().filter(t -> t.name().equals("sentiment")).findFirst().orElseThrow();
            assertEquals(CATALOG.find("sentiment").orElseThrow().description(), sentiment.description());
            assertTrue(sentiment.parameters().required().contains("text"), "the input schema became the tool's parameters");

            ToolExecutionResult result = client.executeTool(ToolExecutionRequest.builder().id("1").name("sentiment")
                    .arguments(JSON.writeValueAsString(CATALOG.find("sentiment").orElseThrow().examples().get(0).input()))
                    .build());
            assertFalse(result.isError(), result.resultText());
            assertTrue(OutputCheck.check(CATALOG.find("sentiment").orElseThrow(), result.resultText())
                    instanceof OutputCheck.Valid, "the product's JSON answer: " + result.resultText());
        }
    }

    interface Assistant {
        Result<String> chat(String message);
    }

    @Test
    void an_ai_service_given_the_gateways_mcp_tools_calls_a_product_as_a_tool(
            GatewayApp app, @Key("lc4j-agent") String key) {
        try (McpClient mcp = client(key)) {
            OpenAiChatModel model = OpenAiChatModel.builder().baseUrl(app.uri("/v1").toString()).apiKey(key)
                    .modelName("chat-default").timeout(Duration.ofSeconds(30)).maxRetries(0).build();
            Assistant assistant = AiServices.builder(Assistant.class).chatModel(model)
                    .toolProvider(McpToolProvider.builder().mcpClients(mcp).build()).build();

            Result<String> answer = assistant.chat("How does this review sound? call:sentiment");

            List<ToolExecution> calls = answer.toolExecutions();
            assertEquals(1, calls.size(), "the model called one tool");
            assertEquals("sentiment", calls.get(0).request().name());
            assertTrue(OutputCheck.check(CATALOG.find("sentiment").orElseThrow(), calls.get(0).result())
                    instanceof OutputCheck.Valid, "the tool's result is the product's answer: " + calls.get(0).result());
            assertNotNull(answer.content());
            assertFalse(answer.content().isBlank(), "after the tool's result the model answers in text");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        String url = gw.jdbcUrl();
        Await.until(Duration.ofSeconds(20), () -> UsageFixtures.count(url,
                "select count(*) from usage_events where tenant_id = 'lc4j-agent'") == 3, "two chat calls and one tool call");
        assertEquals(1, UsageFixtures.count(url, "select count(*) from usage_events where tenant_id = 'lc4j-agent'"
                + " and channel = 'mcp' and product = 'sentiment' and status = 'ok'"));
        assertEquals(2, UsageFixtures.count(url, "select count(*) from usage_events where tenant_id = 'lc4j-agent'"
                + " and channel is null and product is null and status = 'ok'"));
    }
}
