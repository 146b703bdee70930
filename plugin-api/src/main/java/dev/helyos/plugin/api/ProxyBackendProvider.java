package dev.helyos.plugin.api;

/**
 * A kind of reverse proxy, selected by id ({@code --proxy-backend nginx}). The kernel opens one
 * backend at start (and another when the operator switches backends live) and closes it on shutdown.
 */
public interface ProxyBackendProvider extends HelyosExtension {

    /**
     * Prepares a backend that writes its configuration into {@link ProxyContext#configDir()}. Opening
     * writes nothing and starts nothing; the first {@link ProxyBackend#apply} does.
     *
     * @throws ProxyException when the context is unusable (say, the proxy program is not installed)
     */
    ProxyBackend open(ProxyContext context);
}
