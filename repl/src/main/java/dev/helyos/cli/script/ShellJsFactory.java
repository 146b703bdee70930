package dev.helyos.cli.script;

import dev.helyos.cli.Cli;
import dev.helyos.cli.shell.ShellJs;
import java.nio.file.Path;
import java.util.List;

/** {@code :js} and {@code :load} in the shell: one {@link JsSession}, so variables last until the shell ends. */
public final class ShellJsFactory implements ShellJs.Factory {

    @Override
    public ShellJs open(Cli cli) {
        JsSession session = new JsSession(cli, List.of(), false);
        return new ShellJs() {
            @Override
            public void eval(String code) {
                String shown = JsSession.show(session.eval(":js", code));
                if (shown != null) {
                    cli.out().println(shown);
                }
            }

            @Override
            public void load(Path file) {
                session.load(file);
            }

            @Override
            public void close() {
                session.close();
            }
        };
    }
}
