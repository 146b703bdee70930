package dev.helyos.kernel.deploy;

/** What the health check says about a running pod. */
public enum PodHealth {
    /** The spec has no health check (readiness is then "its ports accept connections"). */
    NONE("none"),
    /** Started, not yet passed its first check. */
    STARTING("starting"),
    HEALTHY("healthy"),
    /** Failed {@code retries} checks in a row, or never passed one within its start-up allowance. */
    UNHEALTHY("unhealthy");

    private final String id;

    PodHealth(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
