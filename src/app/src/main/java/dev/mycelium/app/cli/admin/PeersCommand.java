package dev.mycelium.app.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mycelium.app.cli.JsonOutput;
import dev.mycelium.app.cli.MyceliumCommand;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mycelium peers list|add|remove} over the running node's API (protocol.md 8.3). */
@Command(name = "peers", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = "List, add or remove the peers of a running node (through its HTTP API at --api-addr).")
public class PeersCommand {

    @Spec
    CommandSpec spec;

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the node's peers.")
    int list(@Option(names = "--json", description = "Output in JSON format.") boolean json) {
        MyceliumCommand root = MyceliumCommand.of(spec);
        JsonNode peers = ApiClient.expect(client().get("/api/v1/admin/peers"), 200).json();
        PrintWriter out = root.output();
        if (json) {
            JsonOutput.print(out, peers);
            return 0;
        }
        TextTable table = new TextTable("Protocol", "Socket", "Type", "Connection", "Rx total", "Tx total",
                "Discovered", "Last connection");
        for (JsonNode p : peers) {
            JsonNode last = p.path("lastConnected");
            table.row(p.path("endpoint").path("proto").asText(), p.path("endpoint").path("addr").path("socket").asText(),
                    p.path("type").asText(), p.path("connectionState").asText(), bytes(p.path("rxBytes").asLong()),
                    bytes(p.path("txBytes").asLong()), seconds(p.path("discovered").asLong()),
                    last.isNull() || last.isMissingNode() ? "Never connected" : seconds(last.asLong()));
        }
        table.print(out);
        return 0;
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add peers, e.g. tcp://1.2.3.4:9651.")
    int add(@Parameters(arity = "1..*", paramLabel = "ENDPOINT", description = "Peer endpoints.") List<String> peers) {
        ApiClient api = client();
        for (String endpoint : peers) {
            ApiClient.expect(api.postJson("/api/v1/admin/peers", Map.of("endpoint", endpoint)), 204);
        }
        return 0;
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove peers by endpoint.")
    int remove(@Parameters(arity = "1..*", paramLabel = "ENDPOINT", description = "Peer endpoints.")
            List<String> peers) {
        ApiClient api = client();
        for (String endpoint : peers) {
            ApiClient.expect(api.delete("/api/v1/admin/peers/" + ApiClient.segment(endpoint)), 204);
        }
        return 0;
    }

    private ApiClient client() {
        return new ApiClient(MyceliumCommand.of(spec).apiAddress());
    }

    /** Byte counts the way people read them (B, KiB, MiB, ...). */
    static String bytes(long n) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? n + " B" : String.format(java.util.Locale.ROOT, "%.2f %s", v, units[u]);
    }

    static String seconds(long s) {
        return s + "s ago";
    }
}
