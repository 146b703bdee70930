package dev.helyos.kernel.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.helyos.kernel.CountingStore;
import dev.helyos.kernel.auth.TokenService;
import dev.helyos.kernel.config.DaemonSettings;
import dev.helyos.kernel.config.Json;
import dev.helyos.kernel.metrics.HttpMetrics;
import dev.helyos.kernel.secrets.MasterKey;
import dev.helyos.kernel.server.HttpApiServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * /metrics names every certificate's domain: public when the API listens on loopback only, otherwise
 * it needs an API token or the metrics token, and the metrics token opens nothing else.
 */
class MetricsAccessTest {
    private static final String METRICS_TOKEN = "scrape-0123456789abcdef";
    private final HttpClient client = HttpClient.newHttpClient();

    private int status(HttpApiServer server, String path, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static HttpApiServer serve(TokenService tokens, boolean metricsPublic) {
        Api api = new Api();
        HttpMetrics metrics = new HttpMetrics();
        api.metricsGet("/metrics", req -> ApiResponse.text(200, "text/plain", metrics.scrape()));
        api.get("/api/v1/whoami", req -> ApiResponse.ok(Map.of("name", req.tokenName().orElseThrow())));
        HttpApiServer server = new HttpApiServer(api, tokens, metrics, Json.mapper(), new DaemonSettings.Http(16,
                Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5), METRICS_TOKEN, metricsPublic));
        server.start("127.0.0.1", 0, Optional.empty(), () -> { });
        return server;
    }

    @Test
    void offLoopbackMetricsNeedATokenAndTheMetricsTokenReadsOnlyMetrics() throws Exception {
        TokenService tokens = new TokenService(new CountingStore(), Json.mapper(), MasterKey.of(new byte[32]), Clock.systemUTC());
        String admin = tokens.generateBootstrap();
        HttpApiServer server = serve(tokens, false);
        try {
            assertEquals(401, status(server, "/metrics", null));
            assertEquals(401, status(server, "/metrics", "wrong-" + METRICS_TOKEN));
            assertEquals(200, status(server, "/metrics", METRICS_TOKEN));
            assertEquals(200, status(server, "/metrics", admin));
            assertEquals(401, status(server, "/api/v1/whoami", METRICS_TOKEN), "the metrics token is no API token");
            assertEquals(200, status(server, "/api/v1/whoami", admin));
        } finally {
            server.stop();
        }
    }

    @Test
    void onLoopbackMetricsArePublic() throws Exception {
        TokenService tokens = new TokenService(new CountingStore(), Json.mapper(), MasterKey.of(new byte[32]), Clock.systemUTC());
        HttpApiServer server = serve(tokens, true);
        try {
            assertEquals(200, status(server, "/metrics", null));
            assertEquals(401, status(server, "/api/v1/whoami", null));
        } finally {
            server.stop();
        }
    }
}
