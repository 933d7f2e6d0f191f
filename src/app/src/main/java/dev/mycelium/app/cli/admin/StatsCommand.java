package dev.mycelium.app.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mycelium.app.cli.JsonOutput;
import dev.mycelium.app.cli.MyceliumCommand;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mycelium stats packets [--json]}: data packets per source and destination of a running node;
 * {@code mycelium stats counters [--json]}: its drop and event counters and table bounds.
 */
@Command(name = "stats", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = "Statistics of a running node (through its HTTP API at --api-addr).")
public class StatsCommand {

    @Spec
    CommandSpec spec;

    @Command(name = "packets", mixinStandardHelpOptions = true,
            description = "Data packets and bytes handled, per source and per destination address.")
    int packets(@Option(names = "--json", description = "Output in JSON format.") boolean json) {
        MyceliumCommand root = MyceliumCommand.of(spec);
        JsonNode stats = ApiClient.expect(new ApiClient(root.apiAddress()).get("/api/v1/admin/stats/packets"), 200)
                .json();
        PrintWriter out = root.output();
        if (json) {
            JsonOutput.print(out, stats);
            return 0;
        }
        out.println("By source:");
        table(stats.path("bySource")).print(out);
        out.println();
        out.println("By destination:");
        table(stats.path("byDestination")).print(out);
        return 0;
    }

    @Command(name = "counters", mixinStandardHelpOptions = true,
            description = "Drop and event counters of the router and the data plane, and the router's table bounds.")
    int counters(@Option(names = "--json", description = "Output in JSON format.") boolean json) {
        MyceliumCommand root = MyceliumCommand.of(spec);
        JsonNode counters = ApiClient.expect(new ApiClient(root.apiAddress()).get("/api/v1/admin/stats/counters"),
                200).json();
        PrintWriter out = root.output();
        if (json) {
            JsonOutput.print(out, counters);
            return 0;
        }
        TextTable t = new TextTable("Counter", "Value");
        counters.fields().forEachRemaining(group -> group.getValue().fields()
                .forEachRemaining(c -> t.row(group.getKey() + "." + c.getKey(), c.getValue().asLong())));
        t.print(out);
        return 0;
    }

    private static TextTable table(JsonNode list) {
        TextTable t = new TextTable("IP", "Packets", "Bytes");
        list.forEach(s -> t.row(s.path("ip").asText(), s.path("packetCount").asLong(), s.path("byteCount").asLong()));
        return t;
    }
}
