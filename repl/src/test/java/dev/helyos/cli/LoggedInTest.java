package dev.helyos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tests that talk to one live plain-HTTP loopback daemon per class, each test from a fresh home
 * whose config holds context {@code local}, made by {@code helyos login}.
 */
public abstract class LoggedInTest {
    @TempDir
    protected static Path daemonDir;
    @TempDir
    protected Path home;

    protected static LiveDaemon d;
    protected Path config;

    @BeforeAll
    static void startDaemon() {
        d = LiveDaemon.start(daemonDir);
    }

    @AfterAll
    static void stopDaemon() {
        d.close();
    }

    @BeforeEach
    void login() {
        config = home.resolve("config.toml");
        Run login = Run.helyos(config, "login", d.url(), "--token", d.token, "--name", "local");
        assertEquals(0, login.exit, login.toString());
    }
}
