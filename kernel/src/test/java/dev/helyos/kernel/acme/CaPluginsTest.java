package dev.helyos.kernel.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helyos.kernel.TestDaemon;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The certificate authorities come from plugins (kind {@code ca}) and are chosen with --acme-ca. */
class CaPluginsTest {

    @Test
    void theBundledCasAreListedAndLetsEncryptIsTheDefault(@TempDir Path home) {
        try (TestDaemon d = TestDaemon.start(home, null, Map.of(), "--acme-email", "ops@example.com")) {
            Set<String> cas = new TreeSet<>();
            for (JsonNode plugin : d.get("/api/v1/plugins").json()) {
                if (plugin.get("kind").asText().equals("ca")) {
                    cas.add(plugin.get("id").asText());
                    assertEquals("ca-acme", plugin.get("plugin").asText());
                }
            }
            assertEquals(Set.of("acme", "letsencrypt", "letsencrypt-staging", "zerossl"), cas);
        }
    }

    @Test
    void aCaThatCannotBeUsedStopsTheStartSayingWhy(@TempDir Path home) {
        assertEquals("unknown --acme-ca 'nope': installed ca plugins are acme, letsencrypt, letsencrypt-staging, zerossl",
                refused(home.resolve("a"), "--acme-ca", "nope").split(" \\(plugins directory")[0]);
        assertEquals("--acme-ca zerossl needs External Account Binding: pass --acme-eab-kid and --acme-eab-hmac-key",
                refused(home.resolve("b"), "--acme-ca", "zerossl"));
        assertEquals("--acme-ca acme needs --acme-directory URL (the CA's ACME directory)",
                refused(home.resolve("c"), "--acme-ca", "acme"));
        assertEquals("invalid --acme-directory 'http://ca.example/dir': an ACME directory is an https:// URL, got 'http://ca.example/dir'",
                refused(home.resolve("d"), "--acme-ca", "acme", "--acme-directory", "http://ca.example/dir"));
        assertEquals("--acme-directory is for --acme-ca acme; letsencrypt uses https://acme-v02.api.letsencrypt.org/directory",
                refused(home.resolve("e"), "--acme-directory", "https://ca.example/dir"));
        assertEquals("--acme-eab-kid and --acme-eab-hmac-key go together",
                refused(home.resolve("f"), "--acme-ca", "zerossl", "--acme-eab-kid", "kid"));
    }

    private static String refused(Path home, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--acme-email";
        all[1] = "ops@example.com";
        System.arraycopy(args, 0, all, 2, args.length);
        return assertThrows(RuntimeException.class, () -> TestDaemon.start(home, null, Map.of(), all).close()).getMessage();
    }
}
