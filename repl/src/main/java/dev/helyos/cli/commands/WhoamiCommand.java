package dev.helyos.cli.commands;

import dev.helyos.cli.Cli;
import dev.helyos.cli.client.ApiClient;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code helyos whoami}. */
@Command(name = "whoami", description = "Show which token you are using.")
public final class WhoamiCommand implements Runnable {
    @ParentCommand
    Cli cli;

    @Override
    public void run() {
        ApiClient client = cli.client();
        Object me = client.get("/api/v1/whoami");
        if (cli.printJson(me)) {
            return;
        }
        Map<?, ?> m = (Map<?, ?>) me;
        cli.out().println(m.get("name") + " (scope " + m.get("scope") + ") on " + client.server()
                + (m.get("expires_at") == null ? ", no expiry" : ", expires " + m.get("expires_at")));
    }
}
