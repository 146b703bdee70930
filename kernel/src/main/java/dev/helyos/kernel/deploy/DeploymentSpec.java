package dev.helyos.kernel.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helyos.kernel.config.Json;
import dev.helyos.kernel.config.Units;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A validated deployment spec (README "Deployment spec"), defaults applied. Made by {@link DeploymentSpecParser};
 * {@link #toJson()} is its canonical form, itself a valid spec, for storing and for telling whether
 * a new spec changes anything.
 *
 * @param deployment  the deployment's name ({@code deployment.name} in the document)
 * @param env         sorted by key
 * @param healthcheck null when the spec has none
 * @param node        the node to run the pods on, or null for the node that took the first deploy
 */
public record DeploymentSpec(String project, String deployment, String image, int replicas, List<Integer> ports,
        Map<String, String> env, List<Volume> volumes, List<String> secrets, Network network,
        Healthcheck healthcheck, Restart restart, Resources resources, String node) {

    private static final ObjectMapper MAPPER = Json.mapper();

    public DeploymentSpec {
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(image, "image");
        ports = List.copyOf(ports);
        env = Collections.unmodifiableMap(new TreeMap<>(env));
        volumes = List.copyOf(volumes);
        secrets = List.copyOf(secrets);
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(restart, "restart");
        Objects.requireNonNull(resources, "resources");
    }

    /** A named volume ({@code {name, mount}}) or a bind mount of a host path ({@code {path, mount, readonly}}). */
    public sealed interface Volume {
        String mount();

        boolean readonly();
    }

    public record NamedVolume(String name, String mount, boolean readonly) implements Volume {
    }

    public record BindMount(String path, String mount, boolean readonly) implements Volume {
    }

    /** @param domain lowercase ASCII (punycode), or null */
    public record Network(boolean isPublic, String domain, boolean https) {
        public static final Network NONE = new Network(false, null, false);
    }

    public record Healthcheck(String path, Duration interval, Duration timeout, int retries) {
    }

    public enum Restart {
        ALWAYS("always"), ON_FAILURE("onfailure"), NEVER("never");

        private final String id;

        Restart(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        /** The restart policy spelled {@code id}, or null. */
        public static Restart parse(String id) {
            for (Restart r : values()) {
                if (r.id.equals(id)) {
                    return r;
                }
            }
            return null;
        }
    }

    /** @param memoryBytes null for no limit; @param cpu null for no limit */
    public record Resources(Long memoryBytes, Double cpu) {
        public static final Resources NONE = new Resources(null, null);
    }

    /**
     * Snake_case JSON with every field written (but an unset {@code node}), defaults included and env
     * sorted: equal specs give equal text.
     */
    public String toJson() {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("project", project);
        root.putObject("deployment").put("name", deployment);
        root.put("image", image);
        root.put("replicas", replicas);
        ArrayNode portList = root.putArray("ports");
        ports.forEach(portList::add);
        ObjectNode envObject = root.putObject("env");
        env.forEach(envObject::put);
        ArrayNode volumeList = root.putArray("volumes");
        for (Volume v : volumes) {
            ObjectNode o = volumeList.addObject();
            switch (v) {
                case NamedVolume n -> o.put("name", n.name());
                case BindMount b -> o.put("path", b.path());
            }
            o.put("mount", v.mount()).put("readonly", v.readonly());
        }
        ArrayNode secretList = root.putArray("secrets");
        secrets.forEach(secretList::add);
        root.putObject("network").put("public", network.isPublic()).put("domain", network.domain())
                .put("https", network.https());
        if (healthcheck == null) {
            root.putNull("healthcheck");
        } else {
            root.putObject("healthcheck").put("path", healthcheck.path())
                    .put("interval", Units.formatDuration(healthcheck.interval()))
                    .put("timeout", Units.formatDuration(healthcheck.timeout()))
                    .put("retries", healthcheck.retries());
        }
        root.put("restart", restart.id());
        root.putObject("resources")
                .put("memory", resources.memoryBytes() == null ? null : Units.formatMemory(resources.memoryBytes()))
                .put("cpu", resources.cpu());
        if (node != null) {
            // written only when set, so that specs stored before nodes keep their canonical text
            root.put("node", node);
        }
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }
}
