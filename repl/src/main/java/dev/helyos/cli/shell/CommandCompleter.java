package dev.helyos.cli.shell;

import java.util.List;
import java.util.Map;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * TAB completion from the picocli model: commands and subcommands, options, and values — from an
 * option's or parameter's own {@code completionCandidates}, else from {@link CompletionValues}.
 * The words before the cursor are walked like picocli parses them: a subcommand name descends, an
 * option that takes a value swallows the next word, anything else is a positional parameter.
 */
final class CommandCompleter implements Completer {
    private final CommandSpec root;
    private final CompletionValues values;

    CommandCompleter(CommandSpec root, CompletionValues values) {
        this.root = root;
        this.values = values;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        List<String> before = line.words().subList(0, line.wordIndex());
        String word = line.word().substring(0, line.wordCursor());
        boolean help = !before.isEmpty() && before.get(0).equals("help");
        if (help) {
            before = before.subList(1, before.size());
        }

        CommandSpec spec = root;
        int positional = 0;
        OptionSpec awaitingValue = null;
        for (String w : before) {
            if (awaitingValue != null) {
                awaitingValue = null;
            } else if (w.startsWith("-") && w.length() > 1) {
                OptionSpec option = spec.findOption(w.contains("=") ? w.substring(0, w.indexOf('=')) : w);
                if (option != null && !w.contains("=") && option.arity().min() > 0) {
                    awaitingValue = option;
                }
            } else if (positional == 0 && spec.subcommands().containsKey(w)) {
                spec = spec.subcommands().get(w).getCommandSpec();
            } else {
                positional++;
            }
        }

        if (help) {
            if (positional == 0 && awaitingValue == null) {
                addSubcommands(spec, candidates);
            }
        } else if (awaitingValue != null) {
            addValues(optionValues(spec, awaitingValue), "", candidates);
        } else if (word.startsWith("--") && word.contains("=")) {
            OptionSpec option = spec.findOption(word.substring(0, word.indexOf('=')));
            if (option != null) {
                addValues(optionValues(spec, option), word.substring(0, word.indexOf('=') + 1), candidates);
            }
        } else if (word.startsWith("-")) {
            addOptions(spec, candidates);
        } else {
            if (positional == 0) {
                addSubcommands(spec, candidates);
                if (spec == root) {
                    for (ShellHelp.Builtin builtin : ShellHelp.BUILTINS) {
                        for (String name : builtin.words()) {
                            candidates.add(new Candidate(name, name, "shell", builtin.description(), null, null, true));
                        }
                    }
                }
            }
            addValues(positionalValues(spec, positional), "", candidates);
        }
    }

    private static void addSubcommands(CommandSpec spec, List<Candidate> candidates) {
        for (Map.Entry<String, CommandLine> sub : spec.subcommands().entrySet()) {
            CommandSpec subSpec = sub.getValue().getCommandSpec();
            if (subSpec.usageMessage().hidden() || LineRunner.NOT_IN_SHELL.contains(path(subSpec))) {
                continue;
            }
            candidates.add(new Candidate(sub.getKey(), sub.getKey(), "commands", firstLine(subSpec.usageMessage().description()), null, null, true));
        }
    }

    private static void addOptions(CommandSpec spec, List<Candidate> candidates) {
        for (OptionSpec option : spec.options()) {
            if (option.hidden()) {
                continue;
            }
            for (String name : option.names()) {
                candidates.add(new Candidate(name, name, "options", firstLine(option.description()), null, null, true));
            }
        }
    }

    private static void addValues(Iterable<String> found, String prefix, List<Candidate> candidates) {
        for (String value : found) {
            candidates.add(new Candidate(prefix + value, value, null, null, null, null, true));
        }
    }

    private Iterable<String> optionValues(CommandSpec spec, OptionSpec option) {
        return option.completionCandidates() != null ? option.completionCandidates()
                : values.forOption(path(spec), option.longestName());
    }

    private Iterable<String> positionalValues(CommandSpec spec, int index) {
        for (PositionalParamSpec param : spec.positionalParameters()) {
            if (param.index().contains(index)) {
                return param.completionCandidates() != null ? param.completionCandidates() : values.forPositional(path(spec), index);
            }
        }
        return List.of();
    }

    /** {@code "context use"} for {@code helyos context use}, whichever alias was typed. */
    static String path(CommandSpec spec) {
        String qualified = spec.qualifiedName(" ");
        int space = qualified.indexOf(' ');
        return space < 0 ? "" : qualified.substring(space + 1);
    }

    private static String firstLine(String[] description) {
        return description == null || description.length == 0 ? null : description[0];
    }
}
