package dev.mycelium.app.cli;

import dev.mycelium.app.cli.admin.PeersCommand;
import dev.mycelium.app.cli.admin.RoutesCommand;
import dev.mycelium.app.cli.admin.StatsCommand;
import dev.mycelium.app.config.ConfigException;
import dev.mycelium.app.config.ConfigFile;
import dev.mycelium.app.config.FileSettings;
import dev.mycelium.app.config.NodeFlags;
import dev.mycelium.app.config.OptionsResolver;
import dev.mycelium.app.config.UnsupportedFeatures;
import dev.mycelium.core.crypto.PlatformDirs;
import dev.mycelium.core.node.NodeOptions;
import io.quarkus.arc.Unremovable;
import io.quarkus.runtime.QuarkusApplication;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code mycelium} command line (protocol.md 8.3): global flags, node flags, and the subcommands. Without a
 * subcommand it runs the node ({@link NodeMode}).
 *
 * <p>To add a subcommand: write one small {@code @Command} class (it gets the global settings through
 * {@link #of(CommandSpec)}: {@link #keyFile()}, {@link #apiAddress()}, {@link #output()}) and list it in
 * {@code subcommands} below.
 *
 * <p>It is the {@link QuarkusApplication} that {@link dev.mycelium.app.Main} runs, so picocli creates subcommands
 * through the injected CDI factory and they may {@code @Inject} beans.
 */
@Command(name = "mycelium", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true, showDefaultValues = true,
        description = {
            "An end-to-end encrypted IPv6 overlay network node, wire-compatible with Mycelium "
                    + VersionProvider.MYCELIUM_VERSION + ".",
            "Without a subcommand, runs the node; the subcommands inspect keys or talk to a running node."},
        footer = {
            "",
            "Settings come from the command line, then the config file (-c, or the default "
                    + "~/.config/mycelium/mycelium.toml on Linux when it exists), then the defaults. A flag given "
                    + "explicitly always wins over the config file, even when it repeats the default (Mycelium 0.7 "
                    + "lets the file win then, and cannot switch a file's true off). Boolean flags accept a value: "
                    + "--no-tun=false overrides no_tun = true in the file."},
        subcommands = {InspectCommand.class, GenerateKeysCommand.class, PeersCommand.class, RoutesCommand.class,
            StatsCommand.class})
@Dependent
@Unremovable
public class MyceliumCommand implements QuarkusApplication, Callable<Integer> {

    @Option(names = {"-k", "--key-file"}, scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Private key file; created when it does not exist (default: "
                    + "~/.local/share/mycelium/priv_key.bin on Linux).")
    Path keyFile;

    @Option(names = {"-c", "--config-file"}, scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Configuration file (TOML); it must exist when given.")
    Path configFile;

    @Option(names = {"-d", "--debug"}, scope = ScopeType.INHERIT,
            description = "Enable debug logging. Does nothing if --silent is set.")
    boolean debug;

    @Option(names = "--silent", scope = ScopeType.INHERIT, description = "Disable all logs except errors.")
    boolean silent;

    @Option(names = "--log-format", scope = ScopeType.INHERIT, defaultValue = "compact", paramLabel = "FORMAT",
            description = "Log format: ${COMPLETION-CANDIDATES}.")
    LogFormat logFormat;

    @Mixin
    NodeFlags node = new NodeFlags();

    @Spec
    CommandSpec spec;

    @Inject
    CommandLine.IFactory factory;

    @Inject
    NodeMode nodeMode;

    /** Where default files live; tests replace it. */
    PlatformDirs platformDirs = PlatformDirs.current();

    /** Entry from Quarkus: parse {@code args} and run the chosen command. */
    @Override
    public int run(String... args) {
        return newCommandLine(this, factory).execute(args);
    }

    /** Node mode: no subcommand. */
    @Override
    public Integer call() throws Exception {
        if (nodeMode == null) {
            throw new IllegalStateException("node mode needs the CDI container (run through Main)");
        }
        return nodeMode.run(resolveNodeOptions(), spec.commandLine().getErr());
    }

    /** A command line over {@code command} with our error handling; {@code factory} creates the subcommands. */
    public static CommandLine newCommandLine(MyceliumCommand command, CommandLine.IFactory factory) {
        CommandLine cl = factory == null ? new CommandLine(command) : new CommandLine(command, factory);
        ErrorHandlers handlers = new ErrorHandlers();
        cl.setParameterExceptionHandler(handlers);
        cl.setExecutionExceptionHandler(handlers);
        cl.setCaseInsensitiveEnumValuesAllowed(false);
        List<String> footer = new ArrayList<>(List.of(cl.getCommandSpec().usageMessage().footer()));
        footer.add(UnsupportedFeatures.helpText());
        cl.getCommandSpec().usageMessage().footer(footer.toArray(String[]::new));
        return cl;
    }

    /** The top command of the tree {@code spec} belongs to, for subcommands. */
    public static MyceliumCommand of(CommandSpec spec) {
        return (MyceliumCommand) spec.root().userObject();
    }

    // ------------------------------------------------------------------ settings for every command

    /** {@code -k}, else the platform default (protocol.md 1.1). */
    public Path keyFile() {
        return keyFile != null ? keyFile : platformDirs.defaultKeyFile();
    }

    /** The API address a subcommand talks to: {@code --api-addr}, else the config file's, else the default. */
    public InetSocketAddress apiAddress() {
        try {
            return resolver().apiAddress();
        } catch (ConfigException e) {
            throw new CliFailure(CliFailure.USAGE, e.getMessage(), e);
        }
    }

    /** Where command results go (stdout, or what a test set). */
    public java.io.PrintWriter output() {
        return spec.commandLine().getOut();
    }

    public boolean debug() {
        return debug && !silent;
    }

    public boolean silent() {
        return silent;
    }

    public LogFormat logFormat() {
        return logFormat;
    }

    /** The node settings: command line over config file over defaults. */
    public NodeOptions resolveNodeOptions() {
        try {
            return resolver().resolve(keyFile());
        } catch (ConfigException e) {
            throw new CliFailure(CliFailure.USAGE, e.getMessage(), e);
        }
    }

    private OptionsResolver resolver() throws ConfigException {
        Optional<Path> file = ConfigFile.locate(Optional.ofNullable(configFile), platformDirs);
        FileSettings settings = ConfigFile.load(file);
        ParseResult top = spec.root().commandLine().getParseResult();
        return new OptionsResolver(node, name -> top != null && top.hasMatchedOption(name), settings, file);
    }
}
