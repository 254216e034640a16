package ai.factory.products;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A prompt template in the LangChain4j {@code PromptTemplate} style, parsed once at catalog load.
 *
 * <pre>
 * {{text}}                 a value; strings as they are, numbers and booleans as text,
 *                          arrays and objects as pretty JSON
 * {{sender.name}}          a dotted path into nested objects
 * {{labels | bullets}}     filters: json (pretty JSON, strings quoted), bullets ("- " per item),
 *                          join (items separated by ", ")
 * {{#if glossary}}…{{else}}…{{/if}}
 *                          a section kept only when the value is present and not empty/false;
 *                          the optional else branch otherwise
 * </pre>
 *
 * <p>Rendering is single pass and treats values as data: a value is appended to the output and
 * never scanned again, so input containing {@code {{system}}} comes out exactly as written. The one
 * change made to values: where the template frames a value in tags of its own ({@code <document>}
 * … {@code </document>}), the same tags inside the value get their {@code <} written as
 * {@code &lt;}, so input can never close its slot early and pose as instructions outside it.
 */
final class Template {

    private static final Pattern TAG = Pattern.compile("\\{\\{(.*?)}}", Pattern.DOTALL);
    private static final String PATH = "[A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*)*";
    private static final Pattern VALUE = Pattern.compile("(" + PATH + ")\\s*(?:\\|\\s*([a-z]+))?");
    private static final Pattern SECTION = Pattern.compile("#if\\s+(" + PATH + ")");
    private static final Pattern SLOT_TAG = Pattern.compile("</?([a-z][a-z0-9_-]*)>");

    sealed interface Part permits Text, Value, Section {
    }

    record Text(String text) implements Part {
    }

    record Value(String path, TemplateValues.Filter filter) implements Part {
    }

    record Section(String path, List<Part> body, List<Part> otherwise) implements Part {
    }

    private final String source;
    private final List<Part> parts;
    private final Pattern slotTags; // null when the template frames nothing in tags

    private Template(String source, List<Part> parts, Pattern slotTags) {
        this.source = source;
        this.parts = List.copyOf(parts);
        this.slotTags = slotTags;
    }

    /**
     * Parses {@code source}.
     *
     * @throws IllegalArgumentException with the line and the offending tag
     */
    static Template parse(String source) {
        List<Frame> stack = new ArrayList<>();
        stack.add(new Frame(null, new ArrayList<>()));
        Set<String> tagNames = new LinkedHashSet<>();
        Matcher m = TAG.matcher(source);
        int at = 0;
        while (m.find()) {
            String before = source.substring(at, m.start());
            String tag = m.group(1).trim();
            Matcher section = SECTION.matcher(tag);
            Matcher value = VALUE.matcher(tag);
            boolean sectionTag = section.matches() || tag.equals("else") || tag.equals("/if");
            // A section tag alone on its line takes its line break with it, so templates can put
            // {{#if}}, {{else}} and {{/if}} on lines of their own without leaving blank lines behind.
            int end = m.end();
            if (sectionTag && startsLine(source, m.start()) && source.startsWith("\n", end)) {
                before = stripTrailingIndent(before);
                end++;
            }
            Frame top = stack.get(stack.size() - 1);
            addText(top.parts(), before, tagNames);
            if (section.matches()) {
                Section opened = new Section(section.group(1), new ArrayList<>(), new ArrayList<>());
                top.parts().add(opened);
                stack.add(new Frame(opened, opened.body()));
            } else if (tag.equals("else")) {
                if (top.section() == null || top.parts() == top.section().otherwise()) {
                    throw syntax(source, m.start(), "'{{else}}' outside an '{{#if}}' or given twice");
                }
                stack.set(stack.size() - 1, new Frame(top.section(), top.section().otherwise()));
            } else if (tag.equals("/if")) {
                if (top.section() == null) {
                    throw syntax(source, m.start(), "'{{/if}}' without an open '{{#if}}'");
                }
                stack.remove(stack.size() - 1);
            } else if (value.matches()) {
                TemplateValues.Filter filter = TemplateValues.Filter.named(value.group(2));
                if (filter == null) {
                    throw syntax(source, m.start(), "unknown filter '" + value.group(2)
                            + "' in '{{" + tag + "}}' (known: json, bullets, join)");
                }
                top.parts().add(new Value(value.group(1), filter));
            } else {
                throw syntax(source, m.start(), "'{{" + tag + "}}' is not a variable, '{{#if name}}', '{{else}}' or '{{/if}}'");
            }
            at = end;
        }
        String rest = source.substring(at);
        if (rest.contains("{{")) {
            throw syntax(source, at + rest.indexOf("{{"), "'{{' is never closed with '}}'");
        }
        addText(stack.get(stack.size() - 1).parts(), rest, tagNames);
        if (stack.size() > 1) {
            throw new IllegalArgumentException("'{{#if " + stack.get(stack.size() - 1).section().path()
                    + "}}' is never closed with '{{/if}}'");
        }
        Pattern slots = tagNames.isEmpty() ? null : Pattern.compile(
                "<(\\s*/?\\s*(?:" + String.join("|", tagNames) + ")\\b[^>]*>)", Pattern.CASE_INSENSITIVE);
        return new Template(source, stack.get(0).parts(), slots);
    }

    /** Where parsed parts go: the template, a section's body, or its else branch. */
    private record Frame(Section section, List<Part> parts) {
    }

    /** Every path the template reads, in order of first use: values and section conditions. */
    Set<String> variables() {
        Set<String> out = new LinkedHashSet<>();
        collect(parts, out);
        return out;
    }

    /** The template text as written in the manifest or template file. */
    String source() {
        return source;
    }

    /** Renders the template against {@code data} (the request's input object). */
    String render(JsonNode data) {
        StringBuilder out = new StringBuilder(source.length() + 256);
        render(parts, data, out);
        // A template ending in an optional section leaves that section's line break behind.
        return out.toString().stripTrailing();
    }

    private void render(List<Part> list, JsonNode data, StringBuilder out) {
        for (Part part : list) {
            if (part instanceof Text text) {
                out.append(text.text());
            } else if (part instanceof Value value) {
                out.append(neutralise(TemplateValues.format(TemplateValues.lookup(data, value.path()), value.filter())));
            } else if (part instanceof Section section) {
                boolean shown = TemplateValues.truthy(TemplateValues.lookup(data, section.path()));
                render(shown ? section.body() : section.otherwise(), data, out);
            }
        }
    }

    private String neutralise(String value) {
        if (slotTags == null) {
            return value;
        }
        return slotTags.matcher(value).replaceAll(r -> Matcher.quoteReplacement("&lt;" + r.group(1)));
    }

    private static void collect(List<Part> list, Set<String> out) {
        for (Part part : list) {
            if (part instanceof Value value) {
                out.add(value.path());
            } else if (part instanceof Section section) {
                out.add(section.path());
                collect(section.body(), out);
                collect(section.otherwise(), out);
            }
        }
    }

    private static void addText(List<Part> parts, String text, Set<String> tagNames) {
        if (text.isEmpty()) {
            return;
        }
        Matcher tags = SLOT_TAG.matcher(text);
        while (tags.find()) {
            tagNames.add(Pattern.quote(tags.group(1)));
        }
        parts.add(new Text(text));
    }

    private static boolean startsLine(String source, int index) {
        int i = index - 1;
        while (i >= 0 && (source.charAt(i) == ' ' || source.charAt(i) == '\t')) {
            i--;
        }
        return i < 0 || source.charAt(i) == '\n';
    }

    private static String stripTrailingIndent(String text) {
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == ' ' || text.charAt(end - 1) == '\t')) {
            end--;
        }
        return text.substring(0, end);
    }

    private static IllegalArgumentException syntax(String source, int index, String problem) {
        int line = 1;
        for (int i = 0; i < index; i++) {
            if (source.charAt(i) == '\n') {
                line++;
            }
        }
        return new IllegalArgumentException("line " + line + ": " + problem);
    }
}
