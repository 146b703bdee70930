package dev.helyos.cli.commands;

import dev.helyos.cli.Cli;
import dev.helyos.cli.script.ScriptRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code helyos script run FILE [ARGS…]} and {@code helyos script eval CODE [ARGS…]}. GraalJS is
 * loaded only here, through {@link ScriptRunner} in {@code run()}: this class names no polyglot
 * type, so the other commands never pay for it.
 */
@Command(name = "script", mixinStandardHelpOptions = true, description = "Run JavaScript against the API (sandboxed).",
        subcommands = {ScriptCommand.Run.class, ScriptCommand.Eval.class})
public final class ScriptCommand {
    @ParentCommand
    Cli cli;

    static final class Sandbox {
        @Option(names = "--allow-io", description = "Let the script read files with io.readFile/io.readLines (never write)")
        boolean allowIo;

        @Option(names = "--timeout", paramLabel = "SECS", description = "Stop the script after this many seconds")
        Long timeout;
    }

    /** Everything after the file or code is the script's, options included ({@code --days 7}). */
    static final class StopAtPositional implements CommandLine.IModelTransformer {
        @Override
        public CommandLine.Model.CommandSpec transform(CommandLine.Model.CommandSpec spec) {
            spec.parser().stopAtPositional(true);
            return spec;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = "Run a script file; ARGS are in the script's args array.",
            modelTransformer = StopAtPositional.class)
    static final class Run implements Runnable {
        @ParentCommand
        ScriptCommand script;

        @Mixin
        Sandbox sandbox;

        @Parameters(index = "0", paramLabel = "FILE", description = "A UTF-8 JavaScript file")
        Path file;

        @Parameters(index = "1..*", paramLabel = "ARGS", description = "The script's args, options included")
        List<String> args = new ArrayList<>();

        @Override
        public void run() {
            new ScriptRunner(script.cli, args, sandbox.allowIo, sandbox.timeout).runFile(file);
        }
    }

    @Command(name = "eval", mixinStandardHelpOptions = true, description = "Run JavaScript given on the command line and print its value.",
            modelTransformer = StopAtPositional.class)
    static final class Eval implements Runnable {
        @ParentCommand
        ScriptCommand script;

        @Mixin
        Sandbox sandbox;

        @Parameters(index = "0", paramLabel = "CODE")
        String code;

        @Parameters(index = "1..*", paramLabel = "ARGS", description = "The script's args, options included")
        List<String> args = new ArrayList<>();

        @Override
        public void run() {
            new ScriptRunner(script.cli, args, sandbox.allowIo, sandbox.timeout).eval(code);
        }
    }
}
