package dev.helyos.kernel;

import dev.helyos.kernel.config.DaemonOptions;
import dev.helyos.kernel.config.DaemonSettings;
import dev.helyos.kernel.config.StoreCopyOptions;
import dev.helyos.kernel.errors.StartupException;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CountDownLatch;
import java.util.logging.LogManager;
import picocli.CommandLine;

/** {@code helyosd}: parses flags, starts the daemon, runs until SIGTERM/SIGINT. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        // Read once by the JDK's TLS code: set before any TLS class loads (the launcher also passes it).
        System.setProperty("jdk.tls.rejectClientInitiatedRenegotiation",
                System.getProperty("jdk.tls.rejectClientInitiatedRenegotiation", "true"));
        configureLogging();
        if (args.length >= 2 && args[0].equals("store") && args[1].equals("copy")) {
            System.exit(storeCopy(java.util.Arrays.copyOfRange(args, 2, args.length)));
        }
        DaemonOptions options = new DaemonOptions();
        CommandLine cli = new CommandLine(options);
        try {
            cli.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            System.err.println("helyosd: " + e.getMessage() + " (see helyosd --help)");
            System.exit(2);
        }
        if (cli.isUsageHelpRequested()) {
            cli.usage(System.out);
            return;
        }
        if (cli.isVersionHelpRequested()) {
            cli.printVersionHelp(System.out);
            return;
        }
        Daemon daemon;
        try {
            daemon = Daemon.start(DaemonSettings.from(options, System.getenv()), System.out, () -> {
                System.err.println("helyosd: the API listener stopped and could not be started again; exiting");
                System.exit(3);
            });
        } catch (StartupException e) {
            System.err.println("helyosd: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            daemon.close();
            stopped.countDown();
        }, "helyosd-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int storeCopy(String[] args) {
        StoreCopyOptions options = new StoreCopyOptions();
        CommandLine cli = new CommandLine(options);
        try {
            cli.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            System.err.println("✗ helyosd store copy: " + e.getMessage() + " (see helyosd store copy --help)");
            return 2;
        }
        if (cli.isUsageHelpRequested()) {
            cli.usage(System.out);
            return 0;
        }
        return StoreCopyRun.run(options, System.getenv(), System.out, System.err);
    }

    private static void configureLogging() {
        try (InputStream in = Main.class.getResourceAsStream("/helyosd-logging.properties")) {
            if (in != null) {
                LogManager.getLogManager().readConfiguration(in);
            }
        } catch (IOException e) {
            System.err.println("helyosd: default logging configuration unreadable: " + e.getMessage());
        }
    }
}
