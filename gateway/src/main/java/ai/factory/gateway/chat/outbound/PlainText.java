package ai.factory.gateway.chat.outbound;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Markdown as plain text, for platforms that show text as typed (LINE, Zalo): markers that would
 * appear literally are dropped, links keep their address, code keeps its content and lines.
 */
public final class PlainText {

    private static final Pattern FENCE = Pattern.compile("(?m)^```[^\\n]*\\n?");
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6}\\s+");
    private static final Pattern BULLET = Pattern.compile("(?m)^(\\s*)[*+-]\\s+");
    private static final Pattern LINK = Pattern.compile("!?\\[([^\\]]*)\\]\\(([^)\\s]+)\\)");
    private static final Pattern BOLD = Pattern.compile("(\\*\\*|__)(.+?)\\1");
    private static final Pattern ITALIC = Pattern.compile("(?<![\\w*])([*_])(?!\\s)(.+?)(?<!\\s)\\1(?![\\w*])");
    private static final Pattern STRIKE = Pattern.compile("~~(.+?)~~");
    private static final Pattern CODE = Pattern.compile("`([^`\\n]+)`");

    private PlainText() {
    }

    public static String fromMarkdown(String markdown) {
        String s = FENCE.matcher(markdown).replaceAll("");
        s = HEADING.matcher(s).replaceAll("");
        s = BULLET.matcher(s).replaceAll("$1• ");
        s = LINK.matcher(s).replaceAll(m -> Matcher.quoteReplacement(
                m.group(1).isEmpty() || m.group(1).equals(m.group(2)) ? m.group(2) : m.group(1) + " (" + m.group(2) + ")"));
        s = CODE.matcher(s).replaceAll("$1");
        s = BOLD.matcher(s).replaceAll("$2");
        s = STRIKE.matcher(s).replaceAll("$1");
        return ITALIC.matcher(s).replaceAll("$2");
    }
}
