package dev.mycelium.app.cli;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.mycelium.core.crypto.KeyFile;
import dev.mycelium.core.crypto.KeyFileException;
import dev.mycelium.core.crypto.PublicKey;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mycelium inspect [--json] [PUBKEY]} (protocol.md 8.3, {@code mycelium-cli/src/inspect.rs}): the overlay
 * address of a key, or of our own key from the key file.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = "Inspect a public key given in hex, or show the local public key if no key is given.")
public class InspectCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Output in JSON format.")
    boolean json;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PUBKEY", converter = PublicKeyConverter.class,
            description = "The public key to inspect (64 hex characters).")
    PublicKey key;

    @Spec
    CommandSpec spec;

    /** The JSON shape of Mycelium's {@code InspectOutput}. */
    @JsonPropertyOrder({"publicKey", "address"})
    public record Output(String publicKey, String address) {
    }

    @Override
    public Integer call() throws KeyFileException {
        MyceliumCommand root = MyceliumCommand.of(spec);
        PublicKey subject = key != null ? key : ownKey(root.keyFile());
        String address = subject.address().toString();
        PrintWriter out = root.output();
        if (json) {
            out.println(JsonOutput.pretty(new Output(subject.toHex(), address)));
        } else {
            out.println("Public key: " + subject.toHex());
            out.println("Address: " + address);
        }
        out.flush();
        return 0;
    }

    private static PublicKey ownKey(Path keyFile) throws KeyFileException {
        try {
            return KeyFile.load(keyFile).publicKey();
        } catch (KeyFileException e) {
            if (e.reason() == KeyFileException.Reason.NOT_FOUND) {
                throw new CliFailure(CliFailure.FAILURE, "no key to inspect given and no key file at " + keyFile, e);
            }
            throw e;
        }
    }
}
