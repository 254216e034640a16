package ai.factory.products;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A product served as a LoRA adapter of a base model. vLLM serves each adapter under its own model
 * name ({@code --lora-modules name=path}), so the gateway asks the pool for {@link #name()}; the
 * base names the model the adapter was trained on, which the pool's servers must run.
 *
 * @param name the adapter's model name on the servers
 * @param base the base model it adapts
 */
public record LoraAdapter(String name, String base) {

    /** What vLLM and an OpenAI {@code model} field accept without quoting trouble. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}");

    /** The optional {@code adapter:} section of a manifest; absent, the product runs on its model as is. */
    static Optional<LoraAdapter> read(ManifestSection manifest) {
        if (manifest.raw("adapter") == null) {
            return Optional.empty();
        }
        ManifestSection f = manifest.object("adapter");
        String name = f.text("name");
        if (!NAME.matcher(name).matches()) {
            throw f.fail("name", "must be letters, digits and . _ : / -, at most 128 characters");
        }
        String base = f.text("base");
        if (!NAME.matcher(base).matches()) {
            throw f.fail("base", "must be letters, digits and . _ : / -, at most 128 characters");
        }
        if (name.equals(base)) {
            throw f.fail("name", "is the base model's name; an adapter is served under a name of its own");
        }
        f.rejectUnknown();
        return Optional.of(new LoraAdapter(name, base));
    }
}
