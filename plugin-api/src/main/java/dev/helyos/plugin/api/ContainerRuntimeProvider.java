package dev.helyos.plugin.api;

/**
 * A kind of container engine, selected by id ({@code docker}). The kernel opens one runtime at start
 * and closes it on shutdown.
 */
public interface ContainerRuntimeProvider extends HelyosExtension {

    /**
     * Prepares a runtime for the engine the context names (or the one found by the provider's own
     * detection when it names none). Opening does not contact the engine; {@link
     * ContainerRuntime#describe()} does, and is the way to check it answers.
     *
     * @throws ContainerRuntimeException when the context is unusable (an address the provider cannot speak to)
     */
    ContainerRuntime open(RuntimeContext context);
}
