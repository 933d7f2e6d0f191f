package dev.mycelium.app.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code -V/--version}: our version (from the build) and the Mycelium version we are wire-compatible with. */
public final class VersionProvider implements IVersionProvider {

    /** The Mycelium release protocol.md describes. */
    public static final String MYCELIUM_VERSION = "0.7.10";

    @Override
    public String[] getVersion() {
        return new String[] {"mycelium " + version() + " (mycelium-java, wire-compatible with Mycelium "
                + MYCELIUM_VERSION + ")"};
    }

    /** The project version filtered into {@code version.properties} at build time. */
    public static String version() {
        try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version", "");
                if (!v.isEmpty() && !v.startsWith("${")) {
                    return v;
                }
            }
        } catch (IOException ignored) {
            // fall through: an unknown version is not worth failing --version for
        }
        return "unknown";
    }
}
