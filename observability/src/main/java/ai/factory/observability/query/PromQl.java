package ai.factory.observability.query;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the metric names out of a PromQL expression: enough of PromQL's lexer to tell a metric
 * from a function, an aggregation, a keyword, a label name, a string, a duration or a Grafana
 * variable. Not a parser: it trusts the expression to be valid, which Prometheus checks.
 */
public final class PromQl {

    /** Aggregations, keywords and literals that lex as identifiers but are not metrics. */
    private static final Set<String> WORDS = Set.of(
            "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk",
            "quantile", "limitk", "limit_ratio", "by", "without", "on", "ignoring", "group_left", "group_right",
            "bool", "and", "or", "unless", "offset", "atan2", "inf", "nan", "start", "end");
    /** Keywords followed by a parenthesised list of label names. */
    private static final Set<String> LABEL_LISTS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right");

    private PromQl() {
    }

    public static Set<String> metricNames(String expr) {
        String query = stripLabelValues(expr.trim());
        Set<String> names = new LinkedHashSet<>();
        int i = 0;
        int n = query.length();
        while (i < n) {
            char c = query.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = skipString(query, i);
            } else if (c == '{') {
                i = skipTo(query, i, '}');
            } else if (c == '[') {
                i = skipTo(query, i, ']');
            } else if (c == '#') {
                i = skipTo(query, i, '\n');
            } else if (c == '$') {
                i = skipVariable(query, i);
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(query.charAt(i + 1)))) {
                i = skipNumber(query, i);
            } else if (isIdentStart(c)) {
                int start = i;
                while (i < n && isIdentPart(query.charAt(i))) {
                    i++;
                }
                String word = query.substring(start, i);
                int next = skipSpaces(query, i);
                boolean call = next < n && query.charAt(next) == '(';
                if (LABEL_LISTS.contains(word) && call) {
                    i = skipTo(query, next, ')');
                } else if (!call && !WORDS.contains(word.toLowerCase(Locale.ROOT))) {
                    names.add(word);
                }
            } else {
                i++;
            }
        }
        return names;
    }

    /** Grafana's {@code label_values(selector, label)}: only the selector names a metric. */
    private static String stripLabelValues(String query) {
        if (!query.startsWith("label_values(") || !query.endsWith(")")) {
            return query;
        }
        String inner = query.substring("label_values(".length(), query.length() - 1);
        int comma = inner.lastIndexOf(',');
        return comma > inner.lastIndexOf('}') ? inner.substring(0, comma) : inner;
    }

    private static boolean isIdentStart(char c) {
        return Character.isLetter(c) || c == '_' || c == ':';
    }

    private static boolean isIdentPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == ':';
    }

    private static int skipString(String s, int i) {
        char quote = s.charAt(i);
        i++;
        while (i < s.length() && s.charAt(i) != quote) {
            i += s.charAt(i) == '\\' ? 2 : 1;
        }
        return i + 1;
    }

    private static int skipTo(String s, int i, char end) {
        while (i < s.length() && s.charAt(i) != end) {
            char c = s.charAt(i);
            i = (c == '"' || c == '\'' || c == '`') && end != '\n' ? skipString(s, i) : i + 1;
        }
        return i + 1;
    }

    /** {@code $var}, {@code ${var}} and {@code ${var:format}}, including Grafana's {@code $__rate_interval}. */
    private static int skipVariable(String s, int i) {
        i++;
        if (i < s.length() && s.charAt(i) == '{') {
            return skipTo(s, i, '}');
        }
        while (i < s.length() && isIdentPart(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Numbers, including durations such as {@code 5m} and exponents such as {@code 1e9}. */
    private static int skipNumber(String s, int i) {
        while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '.')) {
            i++;
        }
        return i;
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }
}
