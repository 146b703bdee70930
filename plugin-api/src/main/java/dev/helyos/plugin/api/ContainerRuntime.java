package dev.helyos.plugin.api;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Pods (one container each) on one container engine. A pod is addressed by its name or its engine
 * id. Every method talks to the engine and may throw {@link ContainerRuntimeException}, whose message
 * is meant for the operator; {@link ContainerRuntimeException.Reason#ENGINE_UNAVAILABLE} says where
 * the engine was looked for. Implementations are safe for concurrent use.
 */
public interface ContainerRuntime extends AutoCloseable {

    /** Checks that the engine answers and says what it is. */
    EngineInfo describe();

    /** Creates the network (a project's pods share one) unless one of that name exists. */
    void ensureNetwork(String name, Map<String, String> labels);

    /** Removes the network; returns whether it existed. Pods still attached make it fail. */
    boolean removeNetwork(String name);

    /**
     * Creates and starts a pod, under an init process so that a stop signal is honoured even by a
     * program that ignores it as PID 1. The image must already be present in the engine: nothing is
     * pulled ({@link ContainerRuntimeException.Reason#IMAGE_NOT_FOUND} otherwise).
     *
     * @return the started pod, with its published host ports
     */
    PodState create(PodSpec spec);

    /** Whether the image is present in the engine (nothing is pulled). */
    boolean hasImage(String image);

    /**
     * Starts a pod that exists but is not running (after it exited or was stopped), keeping its
     * configuration; its published host ports may change.
     *
     * @return the started pod
     */
    PodState start(String pod);

    /** Gives the pod a new name (labels stay); fails with CONFLICT when the name is taken. */
    void rename(String pod, String newName);

    /** The pod's current state, or empty when no such pod exists. */
    Optional<PodState> inspect(String pod);

    /**
     * Every pod, running or not, carrying all of {@code labels} (for adopting pods after a daemon
     * restart), in no particular order. Cheap enough to call every second: a running pod's
     * {@code startedAt} may be {@code null} here (use {@link #inspect} for it); a pod that is not
     * running carries its exit code and times.
     */
    List<PodState> list(Map<String, String> labels);

    /**
     * Asks the pod's process to stop and kills it after {@code timeout}. Stopping a pod that is not
     * running is success.
     */
    void stop(String pod, Duration timeout);

    /** Removes the pod, killing it first if it runs; returns whether it existed. */
    boolean remove(String pod);

    /** The last {@code tail} lines the pod wrote to stdout and stderr, oldest first. */
    List<LogLine> logs(String pod, int tail);

    /**
     * Delivers the last {@code tail} lines, then every new line as it is written, to {@code onLine}
     * on a thread of the runtime, until the pod stops or the returned handle is closed.
     */
    LogFollow followLogs(String pod, int tail, Consumer<LogLine> onLine);

    /** Releases connections to the engine; pods keep running. */
    @Override
    void close();
}
