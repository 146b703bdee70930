package dev.helyos.plugin.api;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Storage mounted into a pod: a named volume the engine manages, or a path of the host.
 *
 * @param kind which of the two {@code source} is
 * @param source the volume name, or the absolute host path
 * @param target the mount point inside the pod (absolute)
 * @param readOnly whether the pod may only read it
 */
public record VolumeMount(Kind kind, String source, String target, boolean readOnly) {

    public enum Kind { VOLUME, BIND }

    public VolumeMount {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        if (!target.startsWith("/")) {
            throw new IllegalArgumentException("mount point must be absolute, got '" + target + "'");
        }
    }

    /** A named volume, created by the engine on first use. */
    public static VolumeMount volume(String name, String target, boolean readOnly) {
        return new VolumeMount(Kind.VOLUME, name, target, readOnly);
    }

    /** A host path. */
    public static VolumeMount bind(Path hostPath, String target, boolean readOnly) {
        return new VolumeMount(Kind.BIND, hostPath.toAbsolutePath().toString(), target, readOnly);
    }
}
