package ai.factory.products;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/** Reads the {@code parameters} section: per parameter a default and the bounds callers must stay within. */
final class ParameterReader {

    private ParameterReader() {
    }

    static Map<String, ParameterRule> read(ManifestSection manifest, boolean chat) {
        Map<String, ParameterRule> rules = new LinkedHashMap<>();
        if (manifest.raw("parameters") == null) {
            if (chat) {
                throw manifest.fail("parameters.max_tokens", "is required: admission reserves max_tokens before the call");
            }
            return rules;
        }
        ManifestSection section = manifest.object("parameters");
        for (String name : section.keys()) {
            KnownParameters.Spec spec = KnownParameters.ALL.get(name);
            if (spec == null || spec.chat() != chat) {
                throw section.fail(name, "is not a parameter of the " + (chat ? "chat-completions" : "embeddings")
                        + " endpoint (known: " + KnownParameters.namesFor(chat) + ")");
            }
            rules.put(name, rule(section.object(name), name, spec));
        }
        if (chat && !rules.containsKey("max_tokens")) {
            throw section.fail("max_tokens", "is required: admission reserves max_tokens before the call");
        }
        if (chat && rules.get("max_tokens").defaultValue().isEmpty()) {
            throw section.fail("max_tokens.default", "is required: admission reserves max_tokens before the call");
        }
        section.rejectUnknown();
        return rules;
    }

    private static ParameterRule rule(ManifestSection f, String name, KnownParameters.Spec spec) {
        double min = bound(f, "min", spec);
        double max = bound(f, "max", spec);
        if (min > max) {
            throw f.fail("min", "must not be greater than max (" + ParameterRule.format(max) + ")");
        }
        OptionalDouble def = f.optionalNumber("default");
        ParameterRule rule = new ParameterRule(name, spec.integer(), def, min, max);
        if (def.isPresent() && !rule.allows(def.getAsDouble())) {
            throw f.fail("default", "must be " + rule.describeRange() + " (got " + ParameterRule.format(def.getAsDouble()) + ")");
        }
        f.rejectUnknown();
        return rule;
    }

    private static double bound(ManifestSection f, String key, KnownParameters.Spec spec) {
        double value = f.number(key);
        if (spec.integer() && value != Math.rint(value)) {
            throw f.fail(key, "must be a whole number");
        }
        if (value < spec.floor() || value > spec.ceiling()) {
            throw f.fail(key, "must be between " + ParameterRule.format(spec.floor()) + " and "
                    + ParameterRule.format(spec.ceiling()) + ", the range the API accepts");
        }
        return value;
    }
}
