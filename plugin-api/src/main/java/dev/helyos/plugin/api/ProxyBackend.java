package dev.helyos.plugin.api;

/**
 * One reverse proxy, told the whole desired state each time. Implementations are called from one
 * thread at a time.
 */
public interface ProxyBackend extends AutoCloseable {

    /**
     * Makes the proxy serve exactly {@code desired}: routes it does not name are removed. The whole
     * state comes every time, but a backend should touch only what changed since the last apply
     * (a change to one route of ten thousand rewrites one route's configuration).
     *
     * <p>A route whose configuration the proxy rejects must not take the others down: the backend
     * keeps (or restores) the last configuration that worked for it and reports the route in {@link
     * ApplyResult#failedRoutes()}. A failure that concerns everything (the proxy cannot be reloaded)
     * is {@link ApplyResult#error()}; the previous configuration is then left serving.
     *
     * @throws ProxyException only when the backend cannot work at all (its program is missing)
     */
    ApplyResult apply(ProxySnapshot desired);

    /** One line for the operator: what proxy this is and how it is run ({@code nginx 1.22.1, managed}). */
    String describe();

    /** Stops a managed proxy process; the files of an unmanaged proxy stay in place. */
    @Override
    void close();
}
