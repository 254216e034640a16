package ai.factory.gateway.support;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The admin API over HTTP, as an operator would use it. */
public final class Admin {

    private Admin() {
    }

    public static HttpResponse<String> call(GatewayApp app, String method, String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(app.uri(path))
                .header("authorization", "Bearer " + GatewayApp.ADMIN_TOKEN)
                .header("content-type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = app.send(request);
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " -> " + response.statusCode() + " " + response.body());
        }
        return response;
    }

    public static void policy(GatewayApp app, String tenant, String limitsJson) {
        call(app, "PUT", "/admin/tenants/" + tenant + "/policy", limitsJson);
    }
}
