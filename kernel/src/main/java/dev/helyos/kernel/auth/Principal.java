package dev.helyos.kernel.auth;

/** Who made an authenticated request, with the token record as it stood when it was checked. */
public record Principal(String tokenId, String name, Scope scope, TokenRecord token) {
}
