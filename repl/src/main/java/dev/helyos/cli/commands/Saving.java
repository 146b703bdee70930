package dev.helyos.cli.commands;

import dev.helyos.cli.CliException;
import dev.helyos.cli.config.CliConfig;
import java.io.IOException;

final class Saving {
    private Saving() {
    }

    static void save(CliConfig config) {
        try {
            config.save();
        } catch (IOException e) {
            throw new CliException("cannot save " + config.file() + ": " + e.getMessage(), "check the directory's permissions");
        }
    }
}
