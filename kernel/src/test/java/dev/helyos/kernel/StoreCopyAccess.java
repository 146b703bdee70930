package dev.helyos.kernel;

import dev.helyos.kernel.config.StoreCopyOptions;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs {@code helyosd store copy} in this process for tests in other packages. */
public final class StoreCopyAccess {
    private StoreCopyAccess() {
    }

    public static int run(StoreCopyOptions options, OutputStream out, OutputStream err) {
        return StoreCopyRun.run(options, System.getenv(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }
}
