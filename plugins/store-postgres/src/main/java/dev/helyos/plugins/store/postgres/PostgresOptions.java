package dev.helyos.plugins.store.postgres;

import dev.helyos.plugin.api.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The {@code --store-opt} settings of the PostgreSQL store. The password comes from a file or the
 * environment, never from the command line, and is never part of a message.
 *
 * @param sslmode passed to the driver as is ({@code disable}, {@code require}, {@code verify-full}…), or null
 */
record PostgresOptions(String url, String user, String password, String sslmode) {
    private static final Set<String> KNOWN = Set.of("url", "user", "password-file", "sslmode");

    static PostgresOptions parse(Map<String, String> options, String passwordFromEnv) {
        for (String key : options.keySet()) {
            if (!KNOWN.contains(key)) {
                throw new StoreException("--store-opt " + key + " is not an option of the postgres store (options: url, user, "
                        + "password-file, sslmode; the password goes in a file or HELYOS_STORE_PASSWORD)");
            }
        }
        String url = options.get("url");
        if (url == null || url.isBlank()) {
            throw new StoreException("the postgres store needs --store-opt url=jdbc:postgresql://HOST:PORT/DATABASE");
        }
        if (!url.startsWith("jdbc:postgresql://")) {
            throw new StoreException("--store-opt url must start with jdbc:postgresql:// (got a URL of another kind)");
        }
        if (url.toLowerCase(java.util.Locale.ROOT).contains("password=")) {
            throw new StoreException("--store-opt url must not hold the password: put it in a file (--store-opt password-file=PATH)"
                    + " or HELYOS_STORE_PASSWORD");
        }
        String password = passwordFromEnv;
        String file = options.get("password-file");
        if (file != null) {
            try {
                password = Files.readString(Path.of(file)).strip();
            } catch (IOException e) {
                throw new StoreException("cannot read --store-opt password-file " + file + ": " + e.getClass().getSimpleName());
            }
        }
        return new PostgresOptions(url, options.get("user"), password, options.get("sslmode"));
    }

    /** The driver's connection properties; {@code application} names the connection in pg_stat_activity. */
    Properties properties(String application) {
        Properties p = new Properties();
        if (user != null) {
            p.setProperty("user", user);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        if (sslmode != null) {
            p.setProperty("sslmode", sslmode);
        }
        p.setProperty("ApplicationName", application);
        p.setProperty("connectTimeout", "5");
        p.setProperty("socketTimeout", "30");
        p.setProperty("tcpKeepAlive", "true");
        return p;
    }

    @Override
    public String toString() {
        return "PostgresOptions[url=" + url + ", user=" + user + ", password=" + (password == null ? "none" : "(set)") + "]";
    }
}
