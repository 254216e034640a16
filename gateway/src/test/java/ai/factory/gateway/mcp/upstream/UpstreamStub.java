package ai.factory.gateway.mcp.upstream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import java.util.List;

/**
 * An upstream MCP server for tests: WireMock on a free port speaking MCP's streamable HTTP
 * (JSON-RPC over POST /mcp, answers as JSON, a session id from initialize). Each tool answers
 * with its name and arguments as text; {@code whoami} answers with the Authorization header it
 * received; {@code broken} answers a JSON-RPC error quoting that header; {@code slow} answers after
 * {@code slowMillis}. Every request is journaled, so a test
 * counts what reached it.
 */
final class UpstreamStub implements AutoCloseable {

    private final WireMockServer server;
    private final List<String> tools;
    private final String serverName;
    private final int slowMillis;

    UpstreamStub(String serverName, List<String> tools, int slowMillis) {
        this.tools = tools;
        this.serverName = serverName;
        this.slowMillis = slowMillis;
        server = new WireMockServer(options().dynamicPort().templatingEnabled(true));
        server.start();
        serve();
    }

    private void serve() {
        server.stubFor(rpc("initialize").willReturn(json("{\"protocolVersion\":\"{{jsonPath request.body '$.params.protocolVersion'}}\","
                + "\"capabilities\":{\"tools\":{\"listChanged\":false}},\"serverInfo\":{\"name\":\"" + serverName
                + "\",\"version\":\"1.0\"}}").withHeader("Mcp-Session-Id", "session-" + serverName)));
        server.stubFor(rpc("notifications/initialized").willReturn(aResponse().withStatus(202)));
        StringBuilder list = new StringBuilder("{\"tools\":[");
        for (int i = 0; i < tools.size(); i++) {
            list.append(i == 0 ? "" : ",").append("{\"name\":\"").append(tools.get(i))
                    .append("\",\"description\":\"").append(serverName).append(" tool ").append(tools.get(i))
                    .append("\",\"inputSchema\":{\"type\":\"object\",\"properties\":{\"q\":{\"type\":\"string\"}}}}");
        }
        server.stubFor(rpc("tools/list").willReturn(json(list.append("]}").toString())));
        server.stubFor(call("*").atPriority(10).willReturn(json(result("{{jsonPath request.body '$.params.name'}}"
                + " {{jsonPath request.body '$.params.arguments.q'}}"))));
        server.stubFor(call("whoami").atPriority(1).willReturn(json(result("you sent {{request.headers.Authorization}}"))));
        server.stubFor(call("broken").atPriority(1).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withTransformers("response-template")
                .withBody("{\"jsonrpc\":\"2.0\",\"id\":\"{{jsonPath request.body '$.id'}}\",\"error\":{\"code\":-32602,"
                        + "\"message\":\"q refused for {{request.headers.Authorization}}\"}}")));
        server.stubFor(call("slow").atPriority(1).willReturn(json(result("late")).withFixedDelay(slowMillis)));
        server.stubFor(any(urlEqualTo("/mcp")).atPriority(100).willReturn(aResponse().withStatus(405)));
    }

    /** Back to answering as at the start. */
    void recover() {
        server.resetMappings();
        serve();
    }

    /** From now on every POST fails with 503, as a server that is down behind its proxy. */
    void outage() {
        server.resetMappings();
        server.stubFor(any(urlEqualTo("/mcp")).willReturn(aResponse().withStatus(503).withBody("down")));
    }

    String url() {
        return "http://localhost:" + server.port() + "/mcp";
    }

    int calls(String tool) {
        return server.findAll(calls().withRequestBody(matchingJsonPath("$.params.name", equalTo(tool)))).size();
    }

    /** The tools/list requests that reached this upstream. */
    int lists() {
        return server.findAll(postRequestedFor(urlEqualTo("/mcp"))
                .withRequestBody(matchingJsonPath("$.method", equalTo("tools/list")))).size();
    }

    int allCalls() {
        return server.findAll(calls()).size();
    }

    /** The Authorization headers the calls of {@code tool} carried. */
    List<String> authorizations(String tool) {
        return server.findAll(calls().withRequestBody(matchingJsonPath("$.params.name", equalTo(tool)))).stream()
                .map(r -> r.getHeader("Authorization")).toList();
    }

    List<String> tools() {
        return tools;
    }

    private static RequestPatternBuilder calls() {
        return postRequestedFor(urlEqualTo("/mcp")).withRequestBody(matchingJsonPath("$.method", equalTo("tools/call")));
    }

    private static MappingBuilder rpc(String method) {
        return post(urlEqualTo("/mcp")).atPriority(5).withRequestBody(matchingJsonPath("$.method", equalTo(method)));
    }

    private static MappingBuilder call(String tool) {
        MappingBuilder b = post(urlEqualTo("/mcp")).withRequestBody(matchingJsonPath("$.method", equalTo("tools/call")));
        return "*".equals(tool) ? b : b.withRequestBody(matchingJsonPath("$.params.name", equalTo(tool)));
    }

    private static String result(String text) {
        return "{\"content\":[{\"type\":\"text\",\"text\":\"" + text + "\"}],\"isError\":false}";
    }

    private static ResponseDefinitionBuilder json(String result) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"jsonrpc\":\"2.0\",\"id\":\"{{jsonPath request.body '$.id'}}\",\"result\":" + result + "}")
                .withTransformers("response-template");
    }

    @Override
    public void close() {
        server.stop();
    }
}
