package dev.helyos.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.helyos.kernel.deploy.DeploymentSpecParser;
import dev.helyos.kernel.errors.Refused;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The CLI checks an image reference before it reaches the daemon ({@code helyos init} works
 * offline), so it keeps its own copy of the rule; this keeps the two the same: every reference one
 * accepts the other accepts, and every one one refuses the other refuses.
 */
class ImageRuleTest {
    static final List<String> REFERENCES = List.of(
            "nginx", "nginx:1.27", "library/nginx:latest", "ghcr.io/org/app:v1.2.3", "localhost:5000/app",
            "registry.example.com:443/a/b/c:tag_1", "busybox@sha256:" + "a".repeat(64), "app:1@sha256:" + "0".repeat(64),
            "my_app", "my__app", "my-app", "my--app", "a.b", "UPPER", "nginx:", ":tag", "nginx::1", "-app", "app-",
            "app_", "registry:port/app", "a/b//c", "app@sha256:short", "app:" + "t".repeat(129), "app:" + "t".repeat(128),
            "x".repeat(513), "nginx latest", "nginx\n", "nginx;rm -rf /", "../etc/passwd", "", " ");

    @Test
    void theCliAndTheDaemonAcceptTheSameImageReferences() {
        int accepted = 0;
        for (String reference : REFERENCES) {
            boolean daemon = daemonAccepts(reference);
            assertEquals(daemon, cliAccepts(reference), "'" + reference + "'");
            accepted += daemon ? 1 : 0;
        }
        assertEquals(14, accepted, "the list holds both kinds");
    }

    static boolean cliAccepts(String reference) {
        try {
            SpecRules.image(reference);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    static boolean daemonAccepts(String reference) {
        String spec = "{\"project\":\"shop\",\"deployment\":{\"name\":\"web\"},\"image\":" + json(reference) + "}";
        try {
            DeploymentSpecParser.parse(spec, "application/json");
            return true;
        } catch (Refused e) {
            if (!e.getMessage().contains("image")) {
                throw new AssertionError("refused for another reason than the image: " + e.getMessage());
            }
            return false;
        }
    }

    static String json(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
