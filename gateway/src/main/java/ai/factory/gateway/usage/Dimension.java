package ai.factory.gateway.usage;

/** What usage can be grouped by: a roll-up column, named as in {@code group_by} and in the output. */
public enum Dimension {
    TENANT("tenant", "tenant_id"),
    KEY("key", "key_id"),
    PRODUCT("product", "product"),
    MODEL("model", "model");

    private final String label;
    private final String column;

    Dimension(String label, String column) {
        this.label = label;
        this.column = column;
    }

    public String label() {
        return label;
    }

    /** A fixed column name, never user text: safe to put into SQL. */
    public String column() {
        return column;
    }

    public static Dimension of(String label) {
        for (Dimension d : values()) {
            if (d.label.equals(label)) {
                return d;
            }
        }
        return null;
    }
}
