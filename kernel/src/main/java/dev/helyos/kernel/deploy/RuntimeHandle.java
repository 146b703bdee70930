package dev.helyos.kernel.deploy;

import dev.helyos.kernel.errors.Refused;
import dev.helyos.plugin.api.ContainerRuntime;
import dev.helyos.plugin.api.ContainerRuntimeException;
import dev.helyos.plugin.api.ContainerRuntimeProvider;
import dev.helyos.plugin.api.RuntimeContext;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The container runtime, opened on first use so that the daemon starts (and serves everything but
 * deployments) on a machine with no engine. An engine that does not answer is a 503 with the
 * runtime's own message, which says where it looked. {@link #watch} follows the engine: one log
 * line when it is not there, one when it comes (back).
 */
public final class RuntimeHandle implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RuntimeHandle.class.getName());
    static final Duration PROBE_WHILE_DOWN = Duration.ofSeconds(5);
    static final Duration PROBE_WHILE_UP = Duration.ofSeconds(30);

    private final ContainerRuntimeProvider provider;
    private final RuntimeContext context;
    private ContainerRuntime runtime;
    private volatile String problem = "not checked yet";
    private volatile Thread watcher;

    /** @param provider null when no runtime plugin is installed */
    public RuntimeHandle(ContainerRuntimeProvider provider, RuntimeContext context) {
        this.provider = provider;
        this.context = context;
    }

    /** The address the runtime publishes pods' ports on. */
    public java.net.InetAddress publishAddress() {
        try {
            return java.net.InetAddress.getByName(context.publishAddress()); // an IP literal: no lookup
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("the publish address is an IP literal: " + context.publishAddress(), e);
        }
    }

    /** The runtime, checked to answer; 503 when it cannot be reached. */
    public synchronized ContainerRuntime get() {
        if (provider == null) {
            throw Refused.unavailable("no container runtime plugin is installed");
        }
        try {
            if (runtime == null) {
                runtime = provider.open(context);
            }
            runtime.describe();
            return runtime;
        } catch (ContainerRuntimeException e) {
            throw unavailable(e);
        }
    }

    /**
     * The runtime without the liveness check, for background work that retries anyway.
     *
     * @throws ContainerRuntimeException when no runtime is installed or it cannot be opened
     */
    public synchronized ContainerRuntime engine() {
        if (provider == null) {
            throw new ContainerRuntimeException(ContainerRuntimeException.Reason.ENGINE_UNAVAILABLE,
                    "no container runtime plugin is installed");
        }
        if (runtime == null) {
            runtime = provider.open(context);
        }
        return runtime;
    }

    /**
     * Probes the engine now and then in the background (every 5 s while it does not answer, every
     * 30 s while it does), logging each change: the daemon notices an engine started after it.
     */
    public void watch(String id) {
        if (provider == null) {
            problem = "no container runtime plugin is installed";
            return;
        }
        watcher = Thread.ofPlatform().daemon().name("runtime watch").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                String before = problem;
                String now;
                String version = null;
                try {
                    version = get().describe().version();
                    now = null;
                } catch (Refused e) {
                    now = e.getMessage();
                } catch (RuntimeException e) {
                    now = String.valueOf(e.getMessage());
                }
                problem = now;
                if (now != null && !now.equals(before)) {
                    LOG.warning("runtime " + id + ": " + now + "; deployments answer 503 until it is up");
                } else if (now == null && before != null) {
                    LOG.info("runtime " + id + ": the engine is up (version " + version + ")");
                }
                try {
                    Thread.sleep((now == null ? PROBE_WHILE_UP : PROBE_WHILE_DOWN).toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    /** Empty when the engine answered at the last probe, else why not. */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    /** Unavailable for an engine that is not there, upstream failed for anything else the engine refused. */
    static Refused unavailable(ContainerRuntimeException e) {
        return e.reason() == ContainerRuntimeException.Reason.ENGINE_UNAVAILABLE
                ? Refused.unavailable(e.getMessage()) : Refused.upstreamFailed(e.getMessage());
    }

    @Override
    public synchronized void close() {
        if (watcher != null) {
            watcher.interrupt();
        }
        if (runtime != null) {
            runtime.close();
            runtime = null;
        }
    }
}
