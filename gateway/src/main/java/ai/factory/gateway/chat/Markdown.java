package ai.factory.gateway.chat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the products write (CommonMark-ish Markdown) in each platform's format: Slack mrkdwn,
 * Telegram MarkdownV2 (every reserved character outside an entity escaped, or the Bot API refuses
 * the message), or plain text. Handles what answers use: fenced and inline code, bold, italic,
 * strike-through, links, headings; the rest passes as text.
 */
public final class Markdown {

    public enum Style { SLACK, TELEGRAM, PLAIN }

    private static final Pattern INLINE = Pattern.compile(
            "`([^`\\n]+)`|\\*\\*(.+?)\\*\\*|__(.+?)__|~~(.+?)~~|(?<![\\w*])\\*(?!\\s)([^*\\n]+?)\\*(?![\\w*])"
                    + "|(?<![\\w_])_(?!\\s)([^_\\n]+?)_(?![\\w_])|\\[([^\\]\\n]+)\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*)$");
    private static final String TELEGRAM_RESERVED = "_*[]()~`>#+-=|{}.!\\";

    private Markdown() {
    }

    public static String convert(String markdown, Style style) {
        StringBuilder out = new StringBuilder(markdown.length() + 16);
        boolean fenced = false;
        boolean first = true;
        for (String line : markdown.split("\n", -1)) {
            boolean fence = line.startsWith("```");
            if (fence && style == Style.PLAIN) {
                // Plain text has no code blocks: the fence line goes, its content stays.
                fenced = !fenced;
                continue;
            }
            if (!first) {
                out.append('\n');
            }
            first = false;
            if (fence) {
                fenced = !fenced;
                out.append(fenced && style == Style.TELEGRAM ? line : "```");
                continue;
            }
            if (fenced) {
                out.append(code(line, style));
                continue;
            }
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                String title = inline(heading.group(1), style);
                out.append(style == Style.PLAIN ? title : "*" + title + "*");
                continue;
            }
            out.append(inline(line, style));
        }
        return out.toString();
    }

    private static String inline(String text, Style style) {
        StringBuilder out = new StringBuilder();
        Matcher m = INLINE.matcher(text);
        int at = 0;
        while (m.find()) {
            out.append(escape(text.substring(at, m.start()), style));
            at = m.end();
            if (m.group(1) != null) {
                out.append(style == Style.PLAIN ? m.group(1) : "`" + code(m.group(1), style) + "`");
            } else if (m.group(2) != null || m.group(3) != null) {
                out.append(wrap(inline(m.group(2) != null ? m.group(2) : m.group(3), style), "*", style));
            } else if (m.group(4) != null) {
                out.append(wrap(inline(m.group(4), style), "~", style));
            } else if (m.group(5) != null || m.group(6) != null) {
                out.append(wrap(inline(m.group(5) != null ? m.group(5) : m.group(6), style), "_", style));
            } else {
                String label = inline(m.group(7), style);
                String url = m.group(8);
                out.append(switch (style) {
                    case SLACK -> "<" + url.replace(">", "%3E").replace("|", "%7C") + "|" + label + ">";
                    case TELEGRAM -> "[" + label + "](" + url.replace("\\", "\\\\").replace(")", "\\)") + ")";
                    case PLAIN -> label + " (" + url + ")";
                });
            }
        }
        out.append(escape(text.substring(at), style));
        return out.toString();
    }

    private static String wrap(String inner, String mark, Style style) {
        return style == Style.PLAIN ? inner : mark + inner + mark;
    }

    private static String code(String text, Style style) {
        return switch (style) {
            case TELEGRAM -> text.replace("\\", "\\\\").replace("`", "\\`");
            case SLACK -> slackEscape(text);
            case PLAIN -> text;
        };
    }

    private static String escape(String text, Style style) {
        return switch (style) {
            case SLACK -> slackEscape(text);
            case TELEGRAM -> telegramEscape(text);
            case PLAIN -> text;
        };
    }

    /** Slack reads &, < and > as markup: sent as entities they show as typed. */
    private static String slackEscape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    public static String telegramEscape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (TELEGRAM_RESERVED.indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}
