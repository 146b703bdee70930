package dev.helyos.kernel.deploy;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helyos.kernel.TestDaemon;
import dev.helyos.plugin.api.ContainerRuntime;
import dev.helyos.plugin.api.PodState;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Helpers for tests against the real engine of DOCKER_HOST (scripts/test starts a private one and
 * imports {@value #IMAGE} and {@value #APP_IMAGE}).
 */
public final class EngineTests {
    /** busybox httpd serving the test page on 8080. */
    public static final String IMAGE = "helyos-test/busybox:1";
    /** Prints API_KEY, exits with EXIT_CODE after EXIT_AFTER seconds when set, else serves after LISTEN_AFTER seconds. */
    static final String APP_IMAGE = "helyos-test/app:1";
    public static final String PAGE = "helyos test page";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private EngineTests() {
    }

    public static String dockerHost() {
        String dockerHost = System.getenv("DOCKER_HOST");
        if (dockerHost == null || dockerHost.isBlank()) {
            fail("DOCKER_HOST is not set: these tests need a real Docker engine; scripts/test starts a private one and sets it");
        }
        return dockerHost;
    }

    public static String uniqueProject(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    public static String spec(String project, String name, int replicas, String image, String extra) {
        return "project: " + project + "\ndeployment:\n  name: " + name + "\nimage: " + image
                + "\nreplicas: " + replicas + "\nports: [8080]\n" + extra;
    }

    /** Polls {@code GET path} until {@code done} holds for its JSON; fails with the last answer. */
    static JsonNode await(TestDaemon d, String path, Duration timeout, Predicate<JsonNode> done) throws InterruptedException {
        return d.await(path, timeout, done);
    }

    static JsonNode awaitStatus(TestDaemon d, String project, String name, String status, Duration timeout)
            throws InterruptedException {
        return await(d, "/api/v1/deployments/" + project + "/" + name, timeout,
                json -> status.equals(json.get("deployment").get("status").asText()));
    }

    static List<JsonNode> pods(JsonNode detail) {
        List<JsonNode> pods = new ArrayList<>();
        detail.get("pods").forEach(pods::add);
        return pods;
    }

    /** The page on 127.0.0.1:port, or null when nothing answers with 200 within two seconds. */
    static String fetch(int port) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).timeout(Duration.ofSeconds(2)).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * Deletes the project (forced: the daemon removes its pods first), removes whatever of it is
     * still on the engine, and closes the daemon.
     */
    static void closeAndRemove(TestDaemon d, String project) {
        if (d == null) {
            return;
        }
        try {
            d.delete("/api/v1/projects/" + project + "?force=true");
            ContainerRuntime runtime = d.daemon.runtime().get();
            for (PodState pod : runtime.list(Map.of("helyos.project", project))) {
                runtime.remove(pod.id());
            }
            runtime.removeNetwork(PodNames.network(project));
        } finally {
            d.close();
        }
    }

    /** Waits until the engine has no network of that name (asked with the docker CLI, which scripts/test installs). */
    static void awaitNetworkGone(String network, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Process inspect = new ProcessBuilder("docker", "network", "inspect", network)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (inspect.waitFor() != 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("network " + network + " is still there after " + timeout);
            }
            Thread.sleep(200);
        }
    }

    static List<PodState> containers(ContainerRuntime runtime, String project, String deployment) {
        return runtime.list(Map.of("helyos.project", project, "helyos.deployment", deployment));
    }
}
