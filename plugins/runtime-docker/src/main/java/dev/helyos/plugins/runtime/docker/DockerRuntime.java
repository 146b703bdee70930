package dev.helyos.plugins.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.LogContainerCmd;
import com.github.dockerjava.api.command.VersionCmd;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import dev.helyos.plugin.api.ContainerRuntime;
import dev.helyos.plugin.api.ContainerRuntimeException;
import dev.helyos.plugin.api.ContainerRuntimeException.Reason;
import dev.helyos.plugin.api.EngineInfo;
import dev.helyos.plugin.api.LogFollow;
import dev.helyos.plugin.api.LogLine;
import dev.helyos.plugin.api.PodSpec;
import dev.helyos.plugin.api.PodState;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/** {@link ContainerRuntime} on one Docker engine, through docker-java. */
final class DockerRuntime implements ContainerRuntime {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** The bound on any one request, a stop's own timeout included; a hung engine fails after it. */
    private static final Duration RESPONSE_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration LOGS_TIMEOUT = Duration.ofSeconds(30);

    private final EngineAddress address;
    private final DockerClient calls;
    /** Log follows stay open as long as the pod runs, so their client has no response timeout. */
    private final DockerClient streams;
    private final DockerErrors errors;
    private final String publishAddress;

    private DockerRuntime(EngineAddress address, String publishAddress, DockerClient calls, DockerClient streams) {
        this.address = address;
        this.publishAddress = publishAddress;
        this.calls = calls;
        this.streams = streams;
        this.errors = new DockerErrors(address);
    }

    static DockerRuntime open(EngineAddress address, String publishAddress) {
        DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(address.uri().toString())
                .build();
        return new DockerRuntime(address, publishAddress, client(config, RESPONSE_TIMEOUT), client(config, null));
    }

    private static DockerClient client(DockerClientConfig config, Duration responseTimeout) {
        ZerodepDockerHttpClient.Builder http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .connectionTimeout(CONNECT_TIMEOUT);
        if (responseTimeout != null) {
            http.responseTimeout(responseTimeout);
        }
        return DockerClientImpl.getInstance(config, http.build());
    }

    @Override
    public EngineInfo describe() {
        Version version = errors.call("ask the engine its version", () -> {
            try (VersionCmd cmd = calls.versionCmd()) {
                return cmd.exec();
            }
        });
        return new EngineInfo(address.toString(), version.getVersion(), version.getApiVersion());
    }

    @Override
    public void ensureNetwork(String name, Map<String, String> labels) {
        if (networkExists(name)) {
            return;
        }
        try {
            errors.run("create network '" + name + "'", () -> calls.createNetworkCmd()
                    .withName(name)
                    .withDriver("bridge")
                    .withLabels(labels)
                    // Without it the engine silently makes a second network of the same name.
                    .withCheckDuplicate(true)
                    .exec());
        } catch (ContainerRuntimeException e) {
            // Someone else created it between the check and the create: the network exists, as asked.
            if (e.reason() != Reason.CONFLICT || !networkExists(name)) {
                throw e;
            }
        }
    }

    private boolean networkExists(String name) {
        return errors.call("inspect network '" + name + "'", () -> {
            try {
                calls.inspectNetworkCmd().withNetworkId(name).exec();
                return true;
            } catch (NotFoundException e) {
                return false;
            }
        });
    }

    @Override
    public boolean removeNetwork(String name) {
        return errors.call("remove network '" + name + "'", () -> {
            try {
                calls.removeNetworkCmd(name).exec();
                return true;
            } catch (NotFoundException e) {
                return false;
            }
        });
    }

    @Override
    public PodState create(PodSpec spec) {
        String id = createContainer(spec);
        try {
            errors.run("start pod '" + spec.name() + "'", () -> calls.startContainerCmd(id).exec());
            // Ephemeral host ports are assigned at start, so only now can they be read.
            return inspect(id).orElseThrow(() -> new ContainerRuntimeException(Reason.FAILED,
                    "pod '" + spec.name() + "' vanished right after it started"));
        } catch (RuntimeException e) {
            // Leave nothing half-made behind: a created but unstarted container would block the name.
            try {
                remove(id);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    private String createContainer(PodSpec spec) {
        String doing = "create pod '" + spec.name() + "'";
        try {
            return ContainerConfigs.apply(spec, calls.createContainerCmd(spec.image()), publishAddress).exec().getId();
        } catch (NotFoundException e) {
            String engineMessage = DockerErrors.engineMessage(e);
            if (engineMessage.startsWith("No such image")) {
                throw new ContainerRuntimeException(Reason.IMAGE_NOT_FOUND, "could not " + doing + ": image '"
                        + spec.image() + "' is not in the Docker engine at " + address
                        + " and images are not pulled; load, build or tag it there first", e);
            }
            throw errors.translate(doing, e);
        } catch (RuntimeException e) {
            throw errors.translate(doing, e);
        }
    }

    @Override
    public boolean hasImage(String image) {
        return errors.call("inspect image '" + image + "'", () -> {
            try {
                calls.inspectImageCmd(image).exec();
                return true;
            } catch (NotFoundException e) {
                return false;
            }
        });
    }

    @Override
    public PodState start(String pod) {
        errors.run("start pod '" + pod + "'", () -> {
            try {
                calls.startContainerCmd(pod).exec();
            } catch (NotModifiedException e) {
                // already running: started, as asked
            }
        });
        return inspect(pod).orElseThrow(() -> new ContainerRuntimeException(Reason.NOT_FOUND,
                "pod '" + pod + "' vanished right after it started"));
    }

    @Override
    public void rename(String pod, String newName) {
        errors.run("rename pod '" + pod + "' to '" + newName + "'",
                () -> calls.renameContainerCmd(pod).withName(newName).exec());
    }

    @Override
    public Optional<PodState> inspect(String pod) {
        return errors.call("inspect pod '" + pod + "'", () -> {
            try {
                InspectContainerResponse inspect = calls.inspectContainerCmd(pod).exec();
                return Optional.of(PodStates.from(inspect));
            } catch (NotFoundException e) {
                return Optional.empty();
            }
        });
    }

    @Override
    public List<PodState> list(Map<String, String> labels) {
        List<Container> containers = errors.call("list pods labelled " + labels,
                () -> calls.listContainersCmd().withShowAll(true).withLabelFilter(labels).exec());
        // The list answer lacks exit codes and times: inspect the pods that are not running (one may
        // vanish meanwhile); a running pod's entry has all the rest.
        List<PodState> pods = new ArrayList<>();
        for (Container container : containers) {
            if ("running".equals(container.getState())) {
                pods.add(PodStates.fromListEntry(container));
            } else {
                inspect(container.getId()).ifPresent(pods::add);
            }
        }
        return pods;
    }

    @Override
    public void stop(String pod, Duration timeout) {
        // The engine takes whole seconds; the request itself must end before the response timeout.
        long wholeSeconds = timeout.toSeconds() + (timeout.toNanosPart() > 0 ? 1 : 0);
        int seconds = (int) Math.clamp(wholeSeconds, 0, RESPONSE_TIMEOUT.toSeconds() - 30);
        errors.run("stop pod '" + pod + "'", () -> {
            try {
                calls.stopContainerCmd(pod).withTimeout(seconds).exec();
            } catch (NotModifiedException e) {
                // the engine's way of saying it was not running: stopped, as asked
            }
        });
    }

    @Override
    public boolean remove(String pod) {
        return errors.call("remove pod '" + pod + "'", () -> {
            try {
                calls.removeContainerCmd(pod).withForce(true).withRemoveVolumes(true).exec();
                return true;
            } catch (NotFoundException e) {
                return false;
            }
        });
    }

    @Override
    public List<LogLine> logs(String pod, int tail) {
        List<LogLine> lines = new ArrayList<>();
        LogFrames frames = new LogFrames(lines::add, e -> errors.translate("read the logs of pod '" + pod + "'", e));
        errors.run("read the logs of pod '" + pod + "'", () -> logCommand(calls, pod, tail).withFollowStream(false).exec(frames));
        try {
            frames.endedFuture().get(LOGS_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            frames.close();
            throw new ContainerRuntimeException(Reason.FAILED,
                    "the logs of pod '" + pod + "' did not arrive within " + LOGS_TIMEOUT.toSeconds() + " s", e);
        } catch (ExecutionException e) {
            throw (RuntimeException) e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            frames.close();
            throw new ContainerRuntimeException(Reason.FAILED, "interrupted reading the logs of pod '" + pod + "'", e);
        }
        return lines;
    }

    @Override
    public LogFollow followLogs(String pod, int tail, Consumer<LogLine> onLine) {
        // The stream reports a missing pod only asynchronously; say it here, to the caller.
        if (inspect(pod).isEmpty()) {
            throw new ContainerRuntimeException(Reason.NOT_FOUND, "could not follow the logs of pod '" + pod + "': no such pod");
        }
        LogFrames frames = new LogFrames(onLine, e -> errors.translate("follow the logs of pod '" + pod + "'", e));
        errors.run("follow the logs of pod '" + pod + "'", () -> logCommand(streams, pod, tail).withFollowStream(true).exec(frames));
        return frames;
    }

    private static LogContainerCmd logCommand(DockerClient client, String pod, int tail) {
        if (tail < 0) {
            throw new IllegalArgumentException("tail must not be negative, got " + tail);
        }
        return client.logContainerCmd(pod).withStdOut(true).withStdErr(true).withTail(tail);
    }

    @Override
    public void close() {
        for (DockerClient client : List.of(calls, streams)) {
            try {
                client.close();
            } catch (IOException ignored) {
                // connections to the engine are being dropped anyway
            }
        }
    }
}
