package dev.helyos.kernel.routes;

/**
 * A public domain served by a deployment (reference §5). {@code tlsMode} is {@code none}, {@code
 * auto} (ACME) or {@code manual} (an imported certificate).
 */
public record Route(String domain, String project, String deployment, String tlsMode, String createdAt) {
    public static final String NONE = "none";
    public static final String AUTO = "auto";
    public static final String MANUAL = "manual";

    public Route withTlsMode(String mode) {
        return new Route(domain, project, deployment, mode, createdAt);
    }
}
