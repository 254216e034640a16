package ai.factory.products;

import static ai.factory.products.TestProducts.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The template language: values, dotted paths, filters, sections, and its syntax errors. */
class TemplateTest {

    private static String render(String template, String input) {
        return Template.parse(template).render(json(input));
    }

    @Test
    void renders_values_and_dotted_paths() {
        assertEquals("Hi Lan from Acme, 3 items, vip=true",
                render("Hi {{customer.name}} from {{ customer.company }}, {{count}} items, vip={{vip}}",
                        "{\"customer\": {\"name\": \"Lan\", \"company\": \"Acme\"}, \"count\": 3, \"vip\": true}"));
    }

    @Test
    void renders_missing_and_null_values_as_nothing() {
        assertEquals("[][]", render("[{{absent.deeper}}][{{nothing}}]", "{\"nothing\": null}"));
    }

    @Test
    void renders_arrays_as_bullets_joined_or_json() {
        String input = "{\"tags\": [\"a\", \"b\"], \"rows\": [{\"k\": 1}]}";
        assertEquals("- a\n- b", render("{{tags | bullets}}", input));
        assertEquals("a, b", render("{{tags|join}}", input));
        assertEquals("- {\"k\":1}", render("{{rows | bullets}}", input));
        assertEquals("[\n  \"a\",\n  \"b\"\n]", render("{{tags | json}}", input));
        assertEquals("[\n  {\n    \"k\": 1\n  }\n]", render("{{rows}}", input), "containers default to pretty JSON");
        assertEquals("\"a\\\"b\"", render("{{s | json}}", "{\"s\": \"a\\\"b\"}"), "json quotes strings");
    }

    @Test
    void sections_show_for_present_non_empty_values_and_else_branches_otherwise() {
        String template = "{{#if x}}yes{{else}}no{{/if}}";
        assertEquals("yes", render(template, "{\"x\": \"v\"}"));
        assertEquals("yes", render(template, "{\"x\": 0}"));
        assertEquals("yes", render(template, "{\"x\": [1]}"));
        for (String falsy : List.of("{}", "{\"x\": null}", "{\"x\": \"  \"}", "{\"x\": []}", "{\"x\": {}}", "{\"x\": false}")) {
            assertEquals("no", render(template, falsy), falsy);
        }
        assertEquals("ab", render("{{#if a}}a{{#if b}}b{{/if}}{{/if}}", "{\"a\": 1, \"b\": 1}"), "sections nest");
    }

    @Test
    void section_tags_alone_on_their_line_leave_no_blank_lines() {
        String template = "Start\n  {{#if x}}\nX is {{x}}\n{{else}}\nno x\n{{/if}}\nEnd";
        assertEquals("Start\nX is 1\nEnd", render(template, "{\"x\": 1}"));
        assertEquals("Start\nno x\nEnd", render(template, "{}"));
    }

    @Test
    void lists_every_variable_it_reads_including_section_conditions() {
        Template t = Template.parse("{{a}} {{#if b.c}}{{d | bullets}}{{else}}{{e}}{{/if}} {{a}}");
        assertEquals(List.of("a", "b.c", "d", "e"), List.copyOf(t.variables()));
    }

    @Test
    void rejects_malformed_templates_naming_the_line() {
        assertEquals("line 2: unknown filter 'upper' in '{{x | upper}}' (known: json, bullets, join)",
                assertThrows(IllegalArgumentException.class, () -> Template.parse("ok\n{{x | upper}}")).getMessage());
        assertEquals("line 1: '{{/if}}' without an open '{{#if}}'",
                assertThrows(IllegalArgumentException.class, () -> Template.parse("{{/if}}")).getMessage());
        assertEquals("'{{#if x}}' is never closed with '{{/if}}'",
                assertThrows(IllegalArgumentException.class, () -> Template.parse("{{#if x}}open")).getMessage());
        assertEquals("line 3: '{{' is never closed with '}}'",
                assertThrows(IllegalArgumentException.class, () -> Template.parse("a\nb\n{{x")).getMessage());
        assertEquals("line 1: '{{else}}' outside an '{{#if}}' or given twice",
                assertThrows(IllegalArgumentException.class, () -> Template.parse("{{else}}")).getMessage());
        assertEquals("line 1: '{{x y}}' is not a variable, '{{#if name}}', '{{else}}' or '{{/if}}'",
                assertThrows(IllegalArgumentException.class, () -> Template.parse("{{x y}}")).getMessage());
    }
}
