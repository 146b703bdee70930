package dev.helyos.kernel.projects;

/** A project: a namespace for deployments, routes and secrets. State is {@code active} or {@code suspended}. */
public record Project(String name, String state, String createdAt) {
    public static final String ACTIVE = "active";
    public static final String SUSPENDED = "suspended";

    Project withState(String newState) {
        return new Project(name, newState, createdAt);
    }
}
