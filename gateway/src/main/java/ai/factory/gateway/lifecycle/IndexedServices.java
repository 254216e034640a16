package ai.factory.gateway.lifecycle;

import io.micronaut.core.io.service.SoftServiceLoader;
import io.micronaut.core.io.service.SoftServiceLoader.StaticDefinition;
import io.micronaut.core.io.service.SoftServiceLoader.StaticServiceLoader;
import io.micronaut.core.optim.StaticOptimizations;
import java.io.File;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.AbstractMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Hands Micronaut the jar's {@link ServiceIndex} (found through {@code ServiceLoader} when
 * Micronaut's {@code StaticOptimizations} first loads), so its service loader reads the names from
 * the index instead of listing {@code META-INF/micronaut} inside the jar. The index names every
 * service entry of the jar, so a service it does not name is answered with none: asking Micronaut
 * to scan for it would list the whole folder again. That holds only while the jar is the whole
 * class path ({@code java -jar}); otherwise, and without an index (tests run from the classes
 * folder), Micronaut lists the folders as before.
 *
 * <p>Only the listing changes. Each class is loaded and instantiated as Micronaut's own loader
 * does it: in parallel, a class that cannot be loaded is skipped, and each bean's
 * {@code @Requires} is still evaluated when the context starts.
 */
public final class IndexedServices implements StaticOptimizations.Loader<SoftServiceLoader.Optimizations> {

    @Override
    public SoftServiceLoader.Optimizations load() {
        ClassLoader loader = IndexedServices.class.getClassLoader();
        if (!oneJar(System.getProperty("java.class.path", ""))) {
            return new SoftServiceLoader.Optimizations(Map.of());
        }
        Map<String, StaticServiceLoader<?>> loaders = new HashMap<>();
        ServiceIndex.read(loader).ifPresent(index ->
                index.forEach((service, classes) -> loaders.put(service, new Listed<>(classes, loader))));
        return new SoftServiceLoader.Optimizations(loaders.isEmpty() ? Map.of() : new Complete(loaders));
    }

    static boolean oneJar(String classPath) {
        return classPath.endsWith(".jar") && !classPath.contains(File.pathSeparator);
    }

    /** The index's loaders, and for any other service an empty one. */
    static final class Complete extends AbstractMap<String, StaticServiceLoader<?>> {

        private static final StaticServiceLoader<?> NONE = condition -> Stream.empty();
        private final Map<String, StaticServiceLoader<?>> listed;

        Complete(Map<String, StaticServiceLoader<?>> listed) {
            this.listed = Map.copyOf(listed);
        }

        @Override
        public StaticServiceLoader<?> get(Object service) {
            return listed.getOrDefault(service, NONE);
        }

        @Override
        public boolean containsKey(Object service) {
            return service instanceof String;
        }

        @Override
        public Set<Entry<String, StaticServiceLoader<?>>> entrySet() {
            return listed.entrySet();
        }
    }

    /** The classes the index lists for one service. */
    record Listed<S>(List<String> classes, ClassLoader loader) implements StaticServiceLoader<S> {

        private static final MethodHandles.Lookup LOOKUP = MethodHandles.publicLookup();
        private static final MethodType NO_ARGUMENTS = MethodType.methodType(void.class);

        @Override
        public Stream<StaticDefinition<S>> findAll(Predicate<String> condition) {
            return classes.parallelStream()
                    .filter(condition)
                    .map(this::definition)
                    .filter(Objects::nonNull);
        }

        private StaticDefinition<S> definition(String name) {
            S instance = instantiate(name);
            return instance == null ? null : StaticDefinition.of(name, () -> instance);
        }

        /** As Micronaut's own loader: a class missing from the jar, or with no public constructor, is skipped. */
        @SuppressWarnings("unchecked")
        private S instantiate(String name) {
            try {
                Class<?> type = Class.forName(name, false, loader);
                return (S) LOOKUP.findConstructor(type, NO_ARGUMENTS).invoke();
            } catch (NoClassDefFoundError | ClassNotFoundException | NoSuchMethodException | IllegalAccessException e) {
                return null;
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException("cannot instantiate " + name, e);
            }
        }
    }
}
