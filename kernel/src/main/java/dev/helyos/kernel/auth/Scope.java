package dev.helyos.kernel.auth;

import java.util.Arrays;
import java.util.stream.Collectors;

/** What a token may do: {@code admin} everything, {@code read} only GET requests. */
public enum Scope {
    ADMIN("admin"), READ("read");

    private final String id;

    Scope(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Scope parse(String value) {
        for (Scope scope : values()) {
            if (scope.id().equals(value)) {
                return scope;
            }
        }
        return null;
    }

    public static String ids() {
        return Arrays.stream(values()).map(Scope::id).collect(Collectors.joining(", "));
    }

    public boolean allows(String method) {
        return this == ADMIN || method.equals("GET") || method.equals("HEAD");
    }
}
