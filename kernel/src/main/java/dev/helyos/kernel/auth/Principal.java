package dev.helyos.kernel.auth;

/** Who made an authenticated request. */
public record Principal(String tokenId, String name, Scope scope) {
}
