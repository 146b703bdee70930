package dev.helyos.kernel.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.helyos.kernel.files.SecureFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The local CLI context written on first start (README "Running helyosd"), so {@code helyos} works on this
 * machine without a login. Written only when the file does not exist yet; mode 0600.
 */
public final class CliContextFile {
    private CliContextFile() {
    }

    /** @return whether the file was written */
    public static boolean writeIfAbsent(Path file, String server, String token, String caPem, String caSha256) throws IOException {
        if (file == null || Files.exists(file)) {
            return false;
        }
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("server", server);
        context.put("token", token);
        context.put("token-name", TokenService.BOOTSTRAP_NAME);
        context.put("project", "default");
        if (caPem != null) {
            context.put("ca", Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.US_ASCII)));
            context.put("ca-sha256", caSha256);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("current-context", "local");
        root.put("context", Map.of("local", context));
        ObjectMapper toml = new TomlMapper();
        SecureFiles.writePrivate(file, toml.writeValueAsBytes(root));
        return true;
    }
}
