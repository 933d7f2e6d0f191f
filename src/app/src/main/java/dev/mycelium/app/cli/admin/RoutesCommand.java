package dev.mycelium.app.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mycelium.app.cli.JsonOutput;
import dev.mycelium.app.cli.MyceliumCommand;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mycelium routes selected|fallback|queried [--json]} over the running node's API (protocol.md 8.3). */
@Command(name = "routes", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = "Show the routes of a running node (through its HTTP API at --api-addr).")
public class RoutesCommand {

    @Spec
    CommandSpec spec;

    @Command(name = "selected", mixinStandardHelpOptions = true, description = "Routes in use, one per subnet.")
    int selected(@Option(names = "--json", description = "Output in JSON format.") boolean json) {
        return routes("selected", json);
    }

    @Command(name = "fallback", mixinStandardHelpOptions = true, description = "Known routes that are not selected.")
    int fallback(@Option(names = "--json", description = "Output in JSON format.") boolean json) {
        return routes("fallback", json);
    }

    @Command(name = "queried", mixinStandardHelpOptions = true, description = "Subnets with a route query in flight.")
    int queried(@Option(names = "--json", description = "Output in JSON format.") boolean json) {
        JsonNode list = fetch("queried");
        if (print(list, json)) {
            return 0;
        }
        TextTable table = new TextTable("Subnet", "Expiration");
        list.forEach(q -> table.row(q.path("subnet").asText(), q.path("expiration").asText() + "s"));
        table.print(out());
        return 0;
    }

    private int routes(String kind, boolean json) {
        JsonNode list = fetch(kind);
        if (print(list, json)) {
            return 0;
        }
        TextTable table = new TextTable("Subnet", "Next Hop", "Metric", "Seq No");
        list.forEach(r -> table.row(r.path("subnet").asText(), r.path("nextHop").asText(), r.path("metric").asText(),
                r.path("seqno").asText()));
        table.print(out());
        return 0;
    }

    private JsonNode fetch(String kind) {
        ApiClient api = new ApiClient(MyceliumCommand.of(spec).apiAddress());
        return ApiClient.expect(api.get("/api/v1/admin/routes/" + kind), 200).json();
    }

    private boolean print(JsonNode list, boolean json) {
        if (json) {
            JsonOutput.print(out(), list);
        }
        return json;
    }

    private PrintWriter out() {
        return MyceliumCommand.of(spec).output();
    }
}
