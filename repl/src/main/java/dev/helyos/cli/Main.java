package dev.helyos.cli;

import dev.helyos.cli.client.ApiClient;
import dev.helyos.cli.client.Interrupted;
import dev.helyos.cli.output.Out;
import java.io.InputStream;
import java.util.Map;
import picocli.CommandLine;

/** Entry point of {@code helyos}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        boolean interactive = System.console() != null && System.console().isTerminal();
        System.exit(run(args, env, Out.system(env), System.in, interactive));
    }

    /**
     * Runs one command line; returns the exit code (0 ok, 1 any failure). No arguments on a
     * terminal opens the interactive shell.
     */
    public static int run(String[] args, Map<String, String> env, Out out, InputStream stdin, boolean interactive) {
        Cli cli = new Cli(env, out, stdin, interactive);
        String[] effective = args.length == 0 && interactive ? new String[] {"shell"} : args;
        return handleErrors(Commands.forArgs(cli, effective), out).execute(effective);
    }

    /** The whole command tree over {@code cli} (the shell's), printing failures as {@code ✗} lines with exit code 1. */
    public static CommandLine commandLine(Cli cli) {
        return handleErrors(Commands.all(cli), cli.out());
    }

    private static CommandLine handleErrors(CommandLine cmd, Out out) {
        cmd.setOut(new java.io.PrintWriter(out.stdout(), true));
        cmd.setErr(new java.io.PrintWriter(out.stderr(), true));
        cmd.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof dev.helyos.cli.script.ScriptExit exit) {
                return exit.code(); // the script chose it, and printed what it had to say
            }
            if (e instanceof CliException ce) {
                out.error(ce.getMessage(), ce.hint());
                return 1;
            }
            if (e instanceof ApiClient.ApiException ae) {
                out.error(ae.getMessage(), ae.hint());
                return 1;
            }
            if (e instanceof Interrupted) {
                return 130; // stopped with Ctrl-C (in the shell): nothing to report
            }
            throw e;
        });
        cmd.setParameterExceptionHandler((e, commandArgs) -> {
            out.error(e.getMessage(), "see " + e.getCommandLine().getCommandSpec().qualifiedName() + " --help");
            return 1;
        });
        return cmd;
    }
}
