package dev.helyos.plugin.api;

import java.time.Instant;

/**
 * The right, for a while, to do a piece of work that must happen once among every helyosd on one
 * store: ordering a domain's certificate, the renewal sweep. Taken by {@link StateStore#tryAcquire}.
 *
 * @param name what the work is ({@code certs/order/shop.example.com})
 * @param token the fencing token: strictly greater than that of every earlier lease of this name, on
 *     any node and across restarts; {@link StateStore#commit(WriteBatch, Lease)} refuses a write whose
 *     lease is not the newest
 * @param expiresAt when it lapses unless renewed, by the store's clock (for logs; the store decides)
 */
public record Lease(String name, long token, Instant expiresAt) {
}
