package ai.factory.gateway.support;

import ai.factory.emulator.Emulator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A property value read off a started emulator (an address it picked itself, such as its KV
 * events endpoint), known only once it runs; {@link RunningFixture} resolves it before the
 * gateway starts.
 */
record EmulatorProperty(String pool, int index, Function<Emulator, Object> value) {

    Object resolve(Map<String, List<Emulator>> emulators) {
        List<Emulator> started = emulators.get(pool);
        if (started == null || index >= started.size()) {
            throw new IllegalArgumentException("no emulator " + index + " in pool '" + pool + "'; declared: "
                    + emulators.keySet());
        }
        return value.apply(started.get(index));
    }
}
