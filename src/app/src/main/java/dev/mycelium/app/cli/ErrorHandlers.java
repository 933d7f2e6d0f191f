package dev.mycelium.app.cli;

import dev.mycelium.app.config.ConfigException;
import dev.mycelium.core.crypto.KeyFileException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How failures reach the user: one {@code error: ...} line on stderr (like clap), a hint for usage errors, and the
 * exit code; never a stack trace unless {@code --debug}.
 */
final class ErrorHandlers implements IParameterExceptionHandler, IExecutionExceptionHandler {

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("error: " + ex.getMessage());
        UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return CliFailure.USAGE;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        int code;
        if (ex instanceof CliFailure f) {
            code = f.exitCode();
        } else if (ex instanceof ConfigException) {
            code = CliFailure.USAGE;
        } else if (ex instanceof KeyFileException) {
            code = CliFailure.FAILURE;
        } else {
            code = CliFailure.FAILURE;
        }
        err.println("error: " + (ex.getMessage() != null ? ex.getMessage() : ex.toString()));
        if (debug(cmd) || !(ex instanceof CliFailure || ex instanceof ConfigException || ex instanceof KeyFileException)) {
            ex.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    private static boolean debug(CommandLine cmd) {
        Object root = cmd.getCommandSpec().root().userObject();
        return root instanceof MyceliumCommand m && m.debug;
    }
}
