package ai.factory.gateway.request;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The backend's body written into the client's own bytes: the model value's byte range replaced
 * by the served model's name, and {@code stream_options} replaced (or added first in the object)
 * by {@code {"include_usage":true}} when the gateway asks for the usage chunk. Everything else is
 * the client's bytes unchanged; with nothing to change the client's array itself is returned.
 */
public final class BodySplice {

    private static final byte[] USAGE = "{\"include_usage\":true}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] USAGE_FIELD = "\"stream_options\":".getBytes(StandardCharsets.US_ASCII);

    private BodySplice() {
    }

    /**
     * @param servedModel the name the target serves the model under
     * @param askUsage whether to ask for the usage chunk (a stream whose client did not)
     */
    public static byte[] splice(byte[] body, RequestFacts facts, String servedModel, boolean askUsage) {
        byte[] model = servedModel == null || servedModel.equals(facts.model()) || facts.modelStart() < 0 ? null
                : quoted(servedModel);
        if (model == null && !askUsage) {
            return body;
        }
        // Two edits at most, in body order: [from, to) replaced by bytes.
        int aFrom = -1;
        int aTo = -1;
        byte[] a = null;
        int bFrom = -1;
        int bTo = -1;
        byte[] b = null;
        if (model != null) {
            aFrom = facts.modelStart();
            aTo = facts.modelEnd();
            a = model;
        }
        if (askUsage) {
            if (facts.streamOptionsStart() >= 0) {
                bFrom = facts.streamOptionsStart();
                bTo = facts.streamOptionsEnd();
                b = USAGE;
            } else {
                bFrom = facts.rootStart() + 1;
                bTo = bFrom;
                b = usageField(!emptyObject(body, facts.rootStart()));
            }
        }
        if (a != null && b != null && bFrom < aFrom) {
            int f = aFrom, t = aTo;
            byte[] x = a;
            aFrom = bFrom;
            aTo = bTo;
            a = b;
            bFrom = f;
            bTo = t;
            b = x;
        } else if (a == null) {
            aFrom = bFrom;
            aTo = bTo;
            a = b;
            b = null;
        }
        int length = body.length + a.length - (aTo - aFrom) + (b == null ? 0 : b.length - (bTo - bFrom));
        byte[] out = new byte[length];
        int o = copy(body, 0, aFrom, out, 0);
        o = copy(a, 0, a.length, out, o);
        if (b != null) {
            o = copy(body, aTo, bFrom, out, o);
            o = copy(b, 0, b.length, out, o);
            copy(body, bTo, body.length, out, o);
        } else {
            copy(body, aTo, body.length, out, o);
        }
        return out;
    }

    private static int copy(byte[] from, int start, int end, byte[] to, int at) {
        System.arraycopy(from, start, to, at, end - start);
        return at + end - start;
    }

    private static byte[] usageField(boolean comma) {
        byte[] field = new byte[USAGE_FIELD.length + USAGE.length + (comma ? 1 : 0)];
        System.arraycopy(USAGE_FIELD, 0, field, 0, USAGE_FIELD.length);
        System.arraycopy(USAGE, 0, field, USAGE_FIELD.length, USAGE.length);
        if (comma) {
            field[field.length - 1] = ',';
        }
        return field;
    }

    private static boolean emptyObject(byte[] body, int open) {
        int i = open + 1;
        while (i < body.length && (body[i] == ' ' || body[i] == '\n' || body[i] == '\r' || body[i] == '\t')) {
            i++;
        }
        return i < body.length && body[i] == '}';
    }

    private static byte[] quoted(String text) {
        byte[] escaped = JsonStringEncoder.getInstance().quoteAsUTF8(text);
        byte[] out = new byte[escaped.length + 2];
        out[0] = '"';
        System.arraycopy(escaped, 0, out, 1, escaped.length);
        out[out.length - 1] = '"';
        return out;
    }
}
