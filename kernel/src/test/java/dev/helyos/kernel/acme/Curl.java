package dev.helyos.kernel.acme;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** curl, as a user would check a site: the real client, trusting only the given root. */
public record Curl(int status, String body) {

    public static Curl https(Path root, String domain, int port) throws Exception {
        return run("curl", "-sS", "--max-time", "5", "--cacert", root.toString(), "--resolve", domain + ":" + port + ":127.0.0.1",
                "-w", "\n%{http_code}", "https://" + domain + ":" + port + "/");
    }

    public static Curl http(String domain, int port) throws Exception {
        return run("curl", "-sS", "--max-time", "5", "-w", "\n%{http_code}", "-H", "Host: " + domain, "http://127.0.0.1:" + port + "/");
    }

    private static Curl run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        int nl = out.lastIndexOf('\n');
        String code = out.substring(nl + 1).strip();
        return new Curl(code.matches("\\d{3}") ? Integer.parseInt(code) : 0, nl < 0 ? out : out.substring(0, nl));
    }
}
