package ai.factory.gateway.mcp.upstream;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An upstream tool's name behind {@code /mcp}: {@code <upstream>__<tool>}. Two underscores because
 * MCP names allow only {@code A-Z a-z 0-9 _ - .} and the models' function-calling APIs (OpenAI,
 * Anthropic) refuse the dot; a product id never holds an underscore ({@code [a-z0-9-]}), so no
 * aggregated name can shadow a product; an upstream name may not hold {@code __} or end in
 * {@code _}, so the first {@code __} always ends the prefix.
 */
public final class ToolNames {

    public static final String SEPARATOR = "__";
    /** Lower-case letters, digits, single {@code -} or {@code _} between them; 1 to 32 characters. */
    static final Pattern UPSTREAM = Pattern.compile("(?=.{1,32}$)[a-z0-9]+(?:[-_][a-z0-9]+)*");
    /**
     * An upstream's own tool name, as MCP allows it: 1 to 128 of {@code A-Z a-z 0-9 _ - .}. Checked
     * before anything else reads it: a 5 KB or control-character name would otherwise reach the
     * upstream and the ledger's product column.
     */
    static final Pattern TOOL = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

    private ToolNames() {
    }

    public record Name(String upstream, String tool) {
    }

    public static String of(String upstream, String tool) {
        return upstream + SEPARATOR + tool;
    }

    /** The upstream and its tool, or empty when {@code name} is not an upstream tool's name (a product's). */
    public static Optional<Name> parse(String name) {
        int at = name == null ? -1 : name.indexOf(SEPARATOR);
        if (at <= 0 || at + SEPARATOR.length() >= name.length()) {
            return Optional.empty();
        }
        String upstream = name.substring(0, at);
        String tool = name.substring(at + SEPARATOR.length());
        return validUpstream(upstream) && TOOL.matcher(tool).matches() ? Optional.of(new Name(upstream, tool))
                : Optional.empty();
    }

    public static boolean validUpstream(String name) {
        return name != null && UPSTREAM.matcher(name).matches();
    }
}
