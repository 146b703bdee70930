package dev.helyos.plugins.proxy.nginx;

import dev.helyos.plugin.api.ProxyContext;
import dev.helyos.plugin.api.ProxyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The backend's settings: the context plus its options ({@code --proxy-opt}): {@code binary} (the
 * nginx program, default found on PATH), {@code conf} (the main configuration of an nginx the
 * operator runs, default {@code /etc/nginx/nginx.conf}), {@code address} (the address the server
 * blocks listen on, default all).
 */
record NginxSettings(Path configDir, Path stateDir, int httpPort, int httpsPort, boolean manage, Path binary,
                     Path mainConf, String address) {
    private static final Set<String> OPTIONS = Set.of("binary", "conf", "address");
    private static final Pattern ADDRESS = Pattern.compile("[0-9.]{7,15}|\\[[0-9a-fA-F:]+]");

    static NginxSettings of(ProxyContext context) {
        Map<String, String> options = context.options();
        for (String key : options.keySet()) {
            if (!OPTIONS.contains(key)) {
                throw new ProxyException("unknown nginx option '" + key + "' (known: address, binary, conf)");
            }
        }
        Path binary = options.containsKey("binary") ? Path.of(options.get("binary")) : findOnPath("nginx");
        if (binary == null || !Files.isExecutable(binary)) {
            throw new ProxyException("nginx is not installed (no executable " + (binary == null ? "nginx on PATH or in /usr/sbin"
                    : binary.toString()) + "); install it (apt-get install nginx) or pass --proxy-opt binary=PATH");
        }
        String address = options.get("address");
        if (address != null && !ADDRESS.matcher(address).matches()) {
            throw new ProxyException("nginx option address must be an IP address like 127.0.0.1 (got '" + address + "')");
        }
        Path mainConf = context.manage() ? context.stateDir().resolve("nginx.conf")
                : Path.of(options.getOrDefault("conf", "/etc/nginx/nginx.conf"));
        return new NginxSettings(context.configDir(), context.stateDir(), context.httpPort(), context.httpsPort(),
                context.manage(), binary, mainConf, address);
    }

    /** {@code listen} argument for a port: the port alone, or address:port. */
    String listen(int port) {
        return address == null ? Integer.toString(port) : address + ":" + port;
    }

    private static Path findOnPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/local/sbin";
        for (String dir : path.split(":")) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, program);
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }
}
