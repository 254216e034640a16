package ai.factory.simulation;

import java.util.Random;

/** Filler text: words from a small vocabulary; one word is one token to the emulator. */
final class Words {

    private static final String[] VOCABULARY = (
            "the model answers questions about contracts invoices orders products customers shipping "
            + "refunds policy account payment schedule delivery warranty support ticket summary report "
            + "analysis review clause section term price discount region market quarter revenue cost "
            + "forecast risk compliance audit security access data record field value status update").split(" ");

    private Words() {
    }

    static String of(Random random, int count) {
        StringBuilder text = new StringBuilder(count * 8);
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                text.append(' ');
            }
            text.append(VOCABULARY[random.nextInt(VOCABULARY.length)]);
        }
        return text.toString();
    }
}
