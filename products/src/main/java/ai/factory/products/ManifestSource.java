package ai.factory.products;

import java.util.List;
import java.util.Optional;

/** Where manifests and their template files come from: the classpath or a folder. */
interface ManifestSource {

    /** The product folder names, in catalog order. */
    List<String> ids();

    /** How to name a file of a product in messages, e.g. {@code products/summarize/manifest.yaml}. */
    String describe(String id, String file);

    /** The UTF-8 text of a file of a product; empty when there is no such file. */
    Optional<String> read(String id, String file);

    /**
     * Whether {@code file} is a plain name inside the product's folder. Manifests name their template
     * files; a name like {@code ../../secrets} must not reach outside the folder.
     */
    static boolean isPlainName(String file) {
        return file.matches("[A-Za-z0-9][A-Za-z0-9._-]*") && !file.contains("..");
    }
}
