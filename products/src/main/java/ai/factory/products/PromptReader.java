package ai.factory.products;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads the {@code prompt} section: a system and a user template, each inline ({@code system:},
 * {@code user:}) or in a file of the product's folder ({@code system_file:}, {@code user_file:}).
 */
final class PromptReader {

    /** The parsed pair. */
    record Prompt(Template system, Template user) {
    }

    private PromptReader() {
    }

    static Prompt read(ManifestSection manifest, ManifestSource source, String id, JsonNode inputSchema) {
        ManifestSection prompt = manifest.object("prompt");
        Template system = template(prompt, source, id, "system");
        Template user = template(prompt, source, id, "user");
        prompt.rejectUnknown();
        // The system message is the product's voice and must not be steerable by input; input goes
        // in the user message only. Checked here, once, instead of trusted to each prompt author.
        if (!system.variables().isEmpty()) {
            throw prompt.fail(key(prompt, "system"), "reads the input variable '" + system.variables().iterator().next()
                    + "': input may only appear in the user template, so it can never change the system message");
        }
        for (String variable : user.variables()) {
            if (SchemaPaths.resolve(inputSchema, variable).isMissingNode()) {
                throw prompt.fail(key(prompt, "user"), "references '{{" + variable
                        + "}}', which is not a property of the input schema");
            }
        }
        return new Prompt(system, user);
    }

    private static Template template(ManifestSection prompt, ManifestSource source, String id, String role) {
        boolean inline = prompt.has(role);
        boolean file = prompt.has(role + "_file");
        if (inline == file) {
            throw prompt.fail(role, inline ? "and '" + role + "_file' are both set; keep one"
                    : "is required (inline, or as '" + role + "_file' naming a file next to the manifest)");
        }
        String key = inline ? role : role + "_file";
        String text;
        if (inline) {
            text = prompt.text(role);
        } else {
            String name = prompt.text(key);
            if (!ManifestSource.isPlainName(name)) {
                throw prompt.fail(key, "must be a plain file name in the product's folder (got '" + name + "')");
            }
            // A file's final newline is an editor habit, not part of the prompt.
            text = source.read(id, name).map(String::stripTrailing).orElseThrow(() -> prompt.fail(key,
                    "names '" + name + "', but " + source.describe(id, name) + " does not exist"));
        }
        try {
            return Template.parse(text);
        } catch (IllegalArgumentException e) {
            throw prompt.fail(key, "has a template error at " + e.getMessage());
        }
    }

    private static String key(ManifestSection prompt, String role) {
        return prompt.has(role) ? role : role + "_file";
    }
}
