package ai.factory.products;

/**
 * A product manifest that cannot be used. Thrown while the catalog loads, so a bad manifest stops
 * start-up instead of failing one tenant's request later. The message always names the file and,
 * where one is to blame, the field as a dotted path: {@code products/summarize/manifest.yaml: field
 * 'parameters.temperature.max' must be a number}.
 */
public final class ManifestException extends RuntimeException {

    private final String file;
    private final String field;

    public ManifestException(String file, String field, String problem) {
        super(field == null ? file + ": " + problem : file + ": field '" + field + "' " + problem);
        this.file = file;
        this.field = field;
    }

    /** The manifest or template file at fault, as the catalog source names it. */
    public String file() {
        return file;
    }

    /** The dotted path of the field at fault, or {@code null} when the whole file is (broken YAML). */
    public String field() {
        return field;
    }
}
