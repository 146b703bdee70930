package dev.helyos.plugins.runtime.docker;

import dev.helyos.plugin.api.ContainerRuntime;
import dev.helyos.plugin.api.ContainerRuntimeProvider;
import dev.helyos.plugin.api.RuntimeContext;
import org.pf4j.Extension;

/**
 * {@code docker}: pods as Docker containers. The engine is the context's address, else
 * {@code DOCKER_HOST}, else {@code unix:///var/run/docker.sock}; ports are published on the context's
 * publish address.
 */
@Extension
public class DockerRuntimeProvider implements ContainerRuntimeProvider {

    @Override
    public String id() {
        return "docker";
    }

    @Override
    public ContainerRuntime open(RuntimeContext context) {
        return DockerRuntime.open(EngineAddress.resolve(context.engine(), System.getenv()), context.publishAddress());
    }
}
