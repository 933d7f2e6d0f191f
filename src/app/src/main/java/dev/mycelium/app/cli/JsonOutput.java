package dev.mycelium.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.PrintWriter;

/**
 * JSON for {@code --json} output, laid out exactly like Rust's {@code serde_json::to_string_pretty}: two-space
 * indentation, {@code "key": value}, one array element per line, {@code []} and {@code {}} when empty.
 */
public final class JsonOutput {

    private static final DefaultIndenter INDENT = new DefaultIndenter("  ", "\n");
    private static final ObjectWriter PRETTY = new ObjectMapper().writer(new DefaultPrettyPrinter(
            Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator(""))
            .withObjectIndenter(INDENT)
            .withArrayIndenter(INDENT));

    private JsonOutput() {
    }

    /** Prints the pretty JSON of {@code value} and a newline to {@code out}, and flushes it. */
    public static void print(PrintWriter out, Object value) {
        out.println(pretty(value));
        out.flush();
    }

    /** The pretty JSON of {@code value} (no trailing newline; print it with {@code println}). */
    public static String pretty(Object value) {
        try {
            return PRETTY.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON for " + value.getClass().getName(), e);
        }
    }
}
