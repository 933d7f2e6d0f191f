package dev.mycelium.app.cli;

import dev.mycelium.core.node.NodeOptions;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * What {@link dev.mycelium.app.Main} decides before Quarkus starts, because Quarkus reads its HTTP and logging
 * settings at start-up: the API host and port in node mode, no HTTP listener at all for subcommands (so
 * {@code mycelium inspect} never binds a port), and the log level and format. Help, version, bad flags and bad
 * settings are answered here without starting Quarkus at all.
 *
 * @param exitNow            set when the answer is already printed: exit with this code without starting Quarkus
 * @param quarkusProperties  system properties to set before {@code Quarkus.run}
 * @param nodeOptions        the resolved options in node mode
 */
public record LaunchPlan(OptionalInt exitNow, Map<String, String> quarkusProperties,
        Optional<NodeOptions> nodeOptions) {

    static final String HTTP_HOST_ENABLED = "quarkus.http.host-enabled";
    static final String HTTP_HOST = "quarkus.http.host";
    static final String HTTP_PORT = "quarkus.http.port";
    static final String HTTP_TEST_PORT = "quarkus.http.test-port";
    static final String LOG_LEVEL = "quarkus.log.level";
    static final String OUR_LOG_LEVEL = "quarkus.log.category.\"dev.mycelium\".level";
    static final String LOG_FORMAT = "quarkus.log.console.format";
    static final String LOG_COLOUR = "quarkus.console.color";

    /** Parses {@code args}; prints help, version or errors to {@code out}/{@code err} when that is the answer. */
    public static LaunchPlan of(String[] args, PrintWriter out, PrintWriter err) {
        MyceliumCommand command = new MyceliumCommand();
        CommandLine cl = MyceliumCommand.newCommandLine(command, null);
        cl.setOut(out);
        cl.setErr(err);
        ParseResult parsed;
        try {
            parsed = cl.parseArgs(args);
        } catch (ParameterException e) {
            return exit(new ErrorHandlers().handleParseException(e, args));
        } catch (Exception e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return exit(CliFailure.USAGE);
        }
        if (CommandLine.printHelpIfRequested(parsed)) {
            out.flush();
            return exit(0);
        }
        Map<String, String> props = new LinkedHashMap<>();
        boolean nodeMode = !parsed.hasSubcommand();
        logging(command, nodeMode, props);
        if (!nodeMode) {
            props.put(HTTP_HOST_ENABLED, "false");
            return new LaunchPlan(OptionalInt.empty(), props, Optional.empty());
        }
        NodeOptions options;
        try {
            options = command.resolveNodeOptions();
        } catch (CliFailure e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return exit(e.exitCode());
        }
        InetSocketAddress api = options.apiAddress();
        props.put(HTTP_HOST_ENABLED, "true");
        props.put(HTTP_HOST, api.getAddress().getHostAddress());
        props.put(HTTP_PORT, Integer.toString(api.getPort()));
        props.put(HTTP_TEST_PORT, Integer.toString(api.getPort()));
        return new LaunchPlan(OptionalInt.empty(), props, Optional.of(options));
    }

    private static LaunchPlan exit(int code) {
        return new LaunchPlan(OptionalInt.of(code), Map.of(), Optional.empty());
    }

    /**
     * Levels as Mycelium sets them: errors only with {@code --silent}, debug for our code with {@code --debug}
     * (Mycelium's filter is global; we keep Quarkus, Netty and Vert.x at INFO so debug output stays about the node).
     * Subcommands print their results themselves, so their logging is quiet (warnings) unless {@code --debug}.
     */
    private static void logging(MyceliumCommand c, boolean nodeMode, Map<String, String> props) {
        String ours;
        String root;
        if (c.silent()) {
            ours = "ERROR";
            root = "ERROR";
        } else if (c.debug()) {
            ours = "DEBUG";
            root = "INFO";
        } else {
            ours = nodeMode ? "INFO" : "WARN";
            root = nodeMode ? "INFO" : "WARN";
        }
        props.put(LOG_LEVEL, root);
        props.put(OUR_LOG_LEVEL, ours);
        props.put(LOG_FORMAT, c.logFormat().pattern());
        if (!c.logFormat().colour()) {
            props.put(LOG_COLOUR, "false");
        }
    }
}
