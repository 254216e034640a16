package ai.factory.gateway.usage;

/** What usage can be grouped by: a roll-up column, named as in {@code group_by} and in the output. */
public enum Dimension {
    TENANT("tenant", "tenant_id", "tenant_id"),
    KEY("key", "key_id", "key_id"),
    PRODUCT("product", "product", "coalesce(product, '')"),
    MODEL("model", "model", "coalesce(model_alias, served_model, '')"),
    /** The entry point (slack, telegram, mcp, ...; '' for the HTTP API): not rolled up, read from the events. */
    CHANNEL("channel", null, "coalesce(channel, '')"),
    /** The hashed chat end user: not rolled up (unbounded), read from the events. */
    END_USER("end_user", null, "coalesce(end_user, '')");

    private final String label;
    private final String column;
    private final String eventColumn;

    Dimension(String label, String column, String eventColumn) {
        this.label = label;
        this.column = column;
        this.eventColumn = eventColumn;
    }

    /** Whether the roll-up tables carry this dimension; if not, a query grouping by it reads usage_events. */
    public boolean rolledUp() {
        return column != null;
    }

    /** The dimension as an expression over usage_events: fixed text, never user input. */
    public String eventColumn() {
        return eventColumn;
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
