package dev.helyos.plugins.runtime.docker;

import static org.junit.jupiter.api.Assertions.fail;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import dev.helyos.plugin.api.ContainerRuntime;
import dev.helyos.plugin.api.RuntimeContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The real engine of {@code DOCKER_HOST} (scripts/test starts a private one), the runtime under test
 * on it, a plain docker-java client to check what the runtime did, and the clean-up of everything a
 * test class made: its containers and networks carry the label {@code helyos.test-run=<run>}.
 */
final class TestEngine implements AutoCloseable {
    /** Imported by scripts/test: busybox httpd serving {@link #PAGE} on 8080. */
    static final String IMAGE = "helyos-test/busybox:1";
    static final String PAGE = "<h1>helyos test page</h1>";

    final String run = "t" + UUID.randomUUID().toString().substring(0, 8);
    final ContainerRuntime runtime;
    final DockerClient docker;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private TestEngine(ContainerRuntime runtime, DockerClient docker) {
        this.runtime = runtime;
        this.docker = docker;
    }

    static TestEngine start() {
        String dockerHost = System.getenv("DOCKER_HOST");
        if (dockerHost == null || dockerHost.isBlank()) {
            fail("DOCKER_HOST is not set: these tests need a real Docker engine; scripts/test starts a private one and sets it");
        }
        ContainerRuntime runtime = new DockerRuntimeProvider().open(RuntimeContext.detect());
        try {
            runtime.describe();
        } catch (RuntimeException e) {
            runtime.close();
            fail("no Docker engine at DOCKER_HOST=" + dockerHost + " (" + e.getMessage()
                    + "); scripts/test starts a private one", e);
        }
        DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(dockerHost).build();
        DockerClient docker = DockerClientImpl.getInstance(config, new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost()).responseTimeout(Duration.ofSeconds(60)).build());
        if (docker.listImagesCmd().withImageNameFilter(IMAGE).exec().isEmpty()) {
            fail("image " + IMAGE + " is missing from the engine at " + dockerHost + "; scripts/test imports it");
        }
        return new TestEngine(runtime, docker);
    }

    /** The labels every pod and network of this test class carries, plus {@code more}. */
    Map<String, String> labels(String... more) {
        Map<String, String> labels = new java.util.HashMap<>(Map.of("managed-by", "helyos", "helyos.test-run", run));
        for (int i = 0; i < more.length; i += 2) {
            labels.put(more[i], more[i + 1]);
        }
        return labels;
    }

    /** A GET of {@code /} on 127.0.0.1:port, retried until it answers (the server may still be starting). */
    String fetch(int port, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .timeout(Duration.ofSeconds(2)).build();
        while (true) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return response.body();
                }
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("nothing answered on 127.0.0.1:" + port + " within " + within, e);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no 200 from 127.0.0.1:" + port + " within " + within);
            }
            Thread.sleep(20);
        }
    }

    /** Runs a command inside a running pod; returns its exit code. */
    long exec(String pod, String... command) throws InterruptedException {
        String exec = docker.execCreateCmd(pod).withCmd(command).withAttachStdout(true).withAttachStderr(true).exec().getId();
        ResultCallback.Adapter<Frame> done = docker.execStartCmd(exec).exec(new ResultCallback.Adapter<>());
        if (!done.awaitCompletion(10, TimeUnit.SECONDS)) {
            throw new AssertionError("exec " + List.of(command) + " in " + pod + " did not finish within 10 s");
        }
        return docker.inspectExecCmd(exec).exec().getExitCodeLong();
    }

    @Override
    public void close() {
        try {
            for (Container container : docker.listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of("helyos.test-run", run)).exec()) {
                docker.removeContainerCmd(container.getId()).withForce(true).withRemoveVolumes(true).exec();
            }
            for (Network network : docker.listNetworksCmd().exec()) {
                if (network.getLabels() != null && run.equals(network.getLabels().get("helyos.test-run"))) {
                    docker.removeNetworkCmd(network.getId()).exec();
                }
            }
        } finally {
            runtime.close();
            try {
                docker.close();
            } catch (IOException ignored) {
                // the test is over
            }
        }
    }
}
