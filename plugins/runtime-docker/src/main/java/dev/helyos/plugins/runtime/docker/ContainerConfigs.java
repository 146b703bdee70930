package dev.helyos.plugins.runtime.docker;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import dev.helyos.plugin.api.PodSpec;
import dev.helyos.plugin.api.VolumeMount;
import java.util.List;

/** Fills the engine's create command from a {@link PodSpec}. */
final class ContainerConfigs {
    private ContainerConfigs() {
    }

    /** @param publishAddress the host address the pod's ports are published on */
    static CreateContainerCmd apply(PodSpec spec, CreateContainerCmd create, String publishAddress) {
        List<ExposedPort> exposed = spec.ports().stream().map(ExposedPort::tcp).toList();
        HostConfig host = HostConfig.newHostConfig()
                // busybox httpd and many servers ignore SIGTERM as PID 1; an init forwards it.
                .withInit(true)
                .withPortBindings(exposed.stream()
                        .map(port -> new PortBinding(Ports.Binding.bindIp(publishAddress), port))
                        .toList())
                .withMounts(spec.volumes().stream().map(ContainerConfigs::mount).toList());
        if (spec.network() != null) {
            host.withNetworkMode(spec.network());
        }
        if (spec.memoryBytes() > 0) {
            host.withMemory(spec.memoryBytes());
        }
        if (spec.cpus() > 0) {
            host.withNanoCPUs(Math.round(spec.cpus() * 1_000_000_000L));
        }
        return create
                .withName(spec.name())
                .withEnv(spec.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
                .withLabels(spec.labels())
                .withExposedPorts(exposed)
                .withHostConfig(host);
    }

    private static Mount mount(VolumeMount volume) {
        return new Mount()
                .withType(volume.kind() == VolumeMount.Kind.BIND ? MountType.BIND : MountType.VOLUME)
                .withSource(volume.source())
                .withTarget(volume.target())
                .withReadOnly(volume.readOnly());
    }
}
