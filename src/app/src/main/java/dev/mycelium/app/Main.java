package dev.mycelium.app;

import dev.mycelium.app.cli.ExitOnSignals;
import dev.mycelium.app.cli.LaunchPlan;
import dev.mycelium.app.cli.MyceliumCommand;
import io.quarkus.runtime.ApplicationLifecycleManager;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;

/**
 * Process entry. Parses the command line and resolves the settings <em>before</em> Quarkus starts, because the
 * HTTP API's host and port (and the logging) are Quarkus start-up settings: node mode listens on {@code --api-addr},
 * subcommands listen on nothing. Then Quarkus runs {@link MyceliumCommand}, which parses again with CDI and executes.
 */
@QuarkusMain
public final class Main {

    private Main() {
    }

    public static void main(String... args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, Charset.defaultCharset()), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, Charset.defaultCharset()), true);
        LaunchPlan plan = LaunchPlan.of(args, out, err);
        if (plan.exitNow().isPresent()) {
            // the exit handler Quarkus would use (System.exit in production; tests capture it)
            ApplicationLifecycleManager.getDefaultExitCodeHandler().accept(plan.exitNow().getAsInt(), null);
            return;
        }
        plan.quarkusProperties().forEach(System::setProperty);
        if (plan.nodeOptions().isPresent()) {
            ExitOnSignals.install();
        }
        Quarkus.run(MyceliumCommand.class, args);
    }
}
