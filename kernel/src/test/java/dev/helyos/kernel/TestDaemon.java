package dev.helyos.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helyos.kernel.config.DaemonOptions;
import dev.helyos.kernel.config.DaemonSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import picocli.CommandLine;

/** A helyosd started in the test JVM on a free loopback port, with its own data dir and CLI config path. */
public final class TestDaemon implements AutoCloseable {
    private static final Pattern TOKEN_LINE = Pattern.compile("HELYOS_API_TOKEN=(\\S+)");
    public static final ObjectMapper JSON = new ObjectMapper();

    public final Path home;
    public final Daemon daemon;
    public final String output;
    private final HttpClient client;
    private String token;

    private TestDaemon(Path home, Daemon daemon, String output, SSLContext ssl) {
        this.home = home;
        this.daemon = daemon;
        this.output = output;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (ssl != null) {
            builder.sslContext(ssl);
        }
        this.client = builder.build();
        Matcher m = TOKEN_LINE.matcher(output);
        this.token = m.find() ? m.group(1) : null;
    }

    /** Starts with {@code --data-dir <home>/data --port 0} plus {@code args}. */
    public static TestDaemon start(Path home, String... args) {
        return start(home, null, Map.of(), args);
    }

    public static TestDaemon start(Path home, SSLContext ssl, Map<String, String> extraEnv, String... args) {
        List<String> all = new ArrayList<>(List.of("--data-dir", home.resolve("data").toString(), "--port", "0"));
        all.addAll(List.of(args));
        DaemonOptions options = new DaemonOptions();
        new CommandLine(options).setOverwrittenOptionsAllowed(true).parseArgs(all.toArray(String[]::new));
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        env.put("HELYOS_CONFIG", home.resolve("config.toml").toString());
        env.putAll(extraEnv);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Daemon daemon = Daemon.start(DaemonSettings.from(options, env), new PrintStream(out, true, StandardCharsets.UTF_8));
        return new TestDaemon(home, daemon, out.toString(StandardCharsets.UTF_8), ssl);
    }

    public String token() {
        return token;
    }

    public TestDaemon withToken(String token) {
        this.token = token;
        return this;
    }

    public String url(String path) {
        String scheme = daemon.baseUrl().substring(0, daemon.baseUrl().indexOf(':'));
        return scheme + "://127.0.0.1:" + daemon.port() + path;
    }

    /** GETs {@code path} every 100 ms until it answers 200 with JSON that {@code done} accepts; fails after {@code within}. */
    public JsonNode await(String path, Duration within, Predicate<JsonNode> done) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        Reply last = null;
        while (System.nanoTime() < deadline) {
            last = get(path);
            if (last.status() == 200 && done.test(last.json())) {
                return last.json();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not reached within " + within.toSeconds() + " s; last answer to " + path + ": "
                + (last == null ? "none" : last.body()));
    }

    public Reply get(String path) {
        return send("GET", path, null, token);
    }

    public Reply post(String path, String body) {
        return send("POST", path, body, token);
    }

    public Reply delete(String path) {
        return send("DELETE", path, null, token);
    }

    public Reply send(String method, String path, String body, String bearer) {
        return sendWithHeader(method, path, body, bearer == null ? null : "Bearer " + bearer);
    }

    /** A POST with this token and an explicit Content-Type (YAML documents). */
    public Reply post(String path, String body, String contentType) {
        return sendWithHeader("POST", path, body, token == null ? null : "Bearer " + token, contentType);
    }

    public Reply sendWithHeader(String method, String path, String body, String authorization) {
        return sendWithHeader(method, path, body, authorization, "application/json");
    }

    private Reply sendWithHeader(String method, String path, String body, String authorization, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (body != null) {
            request.header("Content-Type", contentType);
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body(), response.headers().firstValue("content-type").orElse(""));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public record Reply(int status, String body, String contentType) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        public String error() {
            return json().path("error").asText(null);
        }
    }

    @Override
    public void close() {
        daemon.close();
    }
}
