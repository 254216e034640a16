package ai.factory.gateway.accounting.flush;

/** Redis stream ids ({@code <millis>-<seq>}) compared as the pair of numbers they are, not as text. */
public final class StreamIds {

    private StreamIds() {
    }

    public static int compare(String a, String b) {
        long[] x = parse(a);
        long[] y = parse(b);
        int byMillis = Long.compareUnsigned(x[0], y[0]);
        return byMillis != 0 ? byMillis : Long.compareUnsigned(x[1], y[1]);
    }

    public static String min(String a, String b) {
        return compare(a, b) <= 0 ? a : b;
    }

    private static long[] parse(String id) {
        int dash = id.indexOf('-');
        if (dash < 0) {
            return new long[] {Long.parseUnsignedLong(id), 0};
        }
        return new long[] {Long.parseUnsignedLong(id.substring(0, dash)), Long.parseUnsignedLong(id.substring(dash + 1))};
    }
}
