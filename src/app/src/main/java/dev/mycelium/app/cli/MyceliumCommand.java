package dev.mycelium.app.cli;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;
import picocli.CommandLine;

/** Placeholder top command; replaced by the full CLI of issue 3. */
@QuarkusMain
@TopCommand
@CommandLine.Command(name = "mycelium", mixinStandardHelpOptions = true)
public class MyceliumCommand implements Runnable, QuarkusApplication {

    @Inject
    CommandLine.IFactory factory;

    @Override
    public int run(String... args) {
        return new CommandLine(this, factory).execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "node mode is not implemented yet");
    }
}
