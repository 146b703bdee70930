package dev.helyos.kernel.nodes;

import java.util.List;

/**
 * One helyosd on the store ({@code nodes/<name>}), as its last heartbeat left it.
 *
 * @param address the URL clients dial for its API
 * @param plugins its plugins as {@code kind/id}
 * @param proxyBackend the proxy backend it drives, or null
 * @param heartbeatMillis how often it writes this record
 */
public record NodeRecord(String name, String address, String version, List<String> plugins, String proxyBackend,
                         String startedAt, String lastSeen, long heartbeatMillis) {
}
