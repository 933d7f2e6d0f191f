package dev.mycelium.app.cli;

import dev.mycelium.core.crypto.KeyFile;
import dev.mycelium.core.crypto.KeyFileException;
import dev.mycelium.core.crypto.NodeKeys;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mycelium generate-keys [--force]} (protocol.md 8.3): writes a new key file at {@code -k} or the default path.
 * Unlike Mycelium, which only logs a warning and exits 0, refusing to overwrite an existing file is an error (exit 1),
 * so scripts notice.
 */
@Command(name = "generate-keys", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = "Generate new node keys at the default path, or at the path given with --key-file.")
public class GenerateKeysCommand implements Callable<Integer> {

    @Option(names = "--force", description = "Overwrite an existing key file (the old key is lost).")
    boolean force;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws KeyFileException {
        MyceliumCommand root = MyceliumCommand.of(spec);
        Path path = root.keyFile();
        NodeKeys keys = NodeKeys.generate();
        if (force) {
            KeyFile.replace(path, keys);
        } else {
            try {
                KeyFile.createNew(path, keys);
            } catch (KeyFileException e) {
                if (e.reason() == KeyFileException.Reason.ALREADY_EXISTS) {
                    throw new CliFailure(CliFailure.FAILURE, "refusing to generate new keys: key file " + path
                            + " already exists (use --force to replace it; the old key is then lost)", e);
                }
                throw e;
            }
        }
        PrintWriter err = spec.commandLine().getErr();
        err.println("Generated new node keys at " + path);
        err.println("Public key: " + keys.publicKey());
        err.println("Address: " + keys.address());
        err.flush();
        return 0;
    }
}
