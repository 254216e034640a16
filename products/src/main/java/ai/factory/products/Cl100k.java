package ai.factory.products;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;

/**
 * The one cl100k_base encoding of the process. Its tables take a noticeable share of start-up
 * to build (a hundred thousand ranks decoded), so every counter shares this copy (the gateway's
 * launcher starts building it on another core while the application context starts).
 */
public final class Cl100k {

    private Cl100k() {
    }

    /** The encoding, built on first use; a second caller meanwhile waits for the first. */
    public static Encoding encoding() {
        return Holder.ENCODING;
    }

    private static final class Holder {
        // The lazy registry loads only the encoding asked for.
        static final Encoding ENCODING = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
    }
}
