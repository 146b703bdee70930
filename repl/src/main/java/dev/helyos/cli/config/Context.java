package dev.helyos.cli.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One named connection (README "The CLI"): server URL, token, default project, and how to trust the
 * server — a pinned CA ({@code ca}, base64 PEM, with its fingerprint), {@code insecure}, or neither
 * (the system roots).
 */
public record Context(String server, String token, String tokenName, String project, boolean insecure,
                      String ca, String caSha256) {

    public static Context fromMap(Map<?, ?> map) {
        return new Context(str(map, "server"), str(map, "token"), str(map, "token-name"), str(map, "project"),
                Boolean.TRUE.equals(map.get("insecure")), str(map, "ca"), str(map, "ca-sha256"));
    }

    public Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("server", server);
        out.put("token", token);
        out.put("token-name", tokenName);
        out.put("project", project);
        if (insecure) {
            out.put("insecure", true);
        }
        out.put("ca", ca);
        out.put("ca-sha256", caSha256);
        return out;
    }

    public Context withToken(String newToken, String newTokenName) {
        return new Context(server, newToken, newTokenName, project, insecure, ca, caSha256);
    }

    public Context withServer(String newServer) {
        return new Context(newServer, token, tokenName, project, insecure, ca, caSha256);
    }

    public Context withProject(String newProject) {
        return new Context(server, token, tokenName, newProject, insecure, ca, caSha256);
    }

    public Context withInsecure(boolean value) {
        return new Context(server, token, tokenName, project, value, ca, caSha256);
    }

    public String trust() {
        return insecure ? "insecure" : ca != null ? "pinned CA" : "system roots";
    }

    private static String str(Map<?, ?> map, String key) {
        Object value = map.get(key);
        return value == null ? null : value.toString();
    }
}
