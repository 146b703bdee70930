package dev.helyos.kernel.deploy;

import dev.helyos.kernel.api.ApiException;
import dev.helyos.plugin.api.ContainerRuntime;
import dev.helyos.plugin.api.ContainerRuntimeException;
import dev.helyos.plugin.api.ContainerRuntimeProvider;
import dev.helyos.plugin.api.RuntimeContext;

/**
 * The container runtime, opened on first use so that the daemon starts (and serves everything but
 * deployments) on a machine with no engine. An engine that does not answer is a 503 with the
 * runtime's own message, which says where it looked.
 */
public final class RuntimeHandle implements AutoCloseable {
    private final ContainerRuntimeProvider provider;
    private final RuntimeContext context;
    private ContainerRuntime runtime;

    /** @param provider null when no runtime plugin is installed */
    public RuntimeHandle(ContainerRuntimeProvider provider, RuntimeContext context) {
        this.provider = provider;
        this.context = context;
    }

    /** The runtime, checked to answer; 503 when it cannot be reached. */
    public synchronized ContainerRuntime get() {
        if (provider == null) {
            throw new ApiException(503, "no container runtime plugin is installed");
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

    /** 503 for an engine that is not there, 502 for anything else the engine refused. */
    static ApiException unavailable(ContainerRuntimeException e) {
        int status = e.reason() == ContainerRuntimeException.Reason.ENGINE_UNAVAILABLE ? 503 : 502;
        return new ApiException(status, e.getMessage());
    }

    @Override
    public synchronized void close() {
        if (runtime != null) {
            runtime.close();
            runtime = null;
        }
    }
}
