package ai.factory.gateway.config;

import io.micronaut.context.BeanContext;
import io.micronaut.context.annotation.ConfigurationReader;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.AnnotationMetadata;
import io.micronaut.core.annotation.AnnotationValue;
import io.micronaut.inject.BeanDefinition;
import io.micronaut.inject.BeanDefinitionReference;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code gateway.*} keys the application's own beans read, found by walking every bean
 * definition: each configuration type's components, every placeholder in an annotation
 * ({@code @Value}, {@code @Scheduled}, ...), {@code @Property(name)} and
 * {@code @Requires(property)}, plus {@link #READ_OUTSIDE_BEANS}. The walk loads every definition
 * and reflects on every configuration type (40–190 ms at start), so it runs in the build, not at
 * start: {@code ConfigKeysResourceTest} checks that {@link ConfigKeyCheck#RESOURCE}, which the
 * start reads instead, is what this walk finds.
 */
final class KeyWalk {

    static final String PREFIX = "gateway.";
    /** Read before the context exists (LocalPorts, from system properties) or as placeholders of application-local.yml. */
    static final List<String> READ_OUTSIDE_BEANS = List.of("gateway.local.postgres-port", "gateway.local.redis-port",
            "gateway.local.emulator-ports", "gateway.local.emulator-port-1", "gateway.local.emulator-port-2");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(gateway\\.[^:}]+)");

    private KeyWalk() {
    }

    static KeyTree walk(Iterable<? extends BeanDefinitionReference<?>> references, BeanContext context) {
        KeyTree tree = new KeyTree();
        READ_OUTSIDE_BEANS.forEach(tree::path);
        for (BeanDefinitionReference<?> ref : references) {
            // The definition's own name: a factory method's bean may be of a library type (an OpenTelemetry Sampler).
            if (!ref.getBeanDefinitionName().startsWith("ai.factory.") || !ref.isPresent()) {
                continue;
            }
            AnnotationMetadata metadata = ref.getAnnotationMetadata();
            for (AnnotationValue<Requires> requires : metadata.getAnnotationValuesByType(Requires.class)) {
                requires.stringValue("property").filter(p -> p.startsWith(PREFIX)).ifPresent(tree::path);
            }
            String prefix = metadata.stringValue(ConfigurationReader.class, ConfigurationReader.PREFIX).orElse(null);
            if (prefix != null && prefix.startsWith(PREFIX)) {
                tree.path(prefix).type(ref.getBeanType());
            }
            BeanDefinition<?> definition = ref.load(context);
            placeholders(metadata, tree);
            for (var argument : definition.getConstructor().getArguments()) {
                placeholders(argument.getAnnotationMetadata(), tree);
            }
            definition.getInjectedMethods().forEach(m -> {
                for (var argument : m.getArguments()) {
                    placeholders(argument.getAnnotationMetadata(), tree);
                }
            });
            definition.getInjectedFields().forEach(f -> placeholders(f.getAnnotationMetadata(), tree));
            // e.g. @Scheduled(fixedDelay = "${gateway.observability.budget-refresh:60s}")
            definition.getExecutableMethods().forEach(m -> placeholders(m.getAnnotationMetadata(), tree));
        }
        return tree;
    }

    /** The {@code gateway.*} keys named by placeholders in any annotation member, and by {@code @Property(name)}. */
    private static void placeholders(AnnotationMetadata metadata, KeyTree tree) {
        metadata.stringValue(Property.class, "name").filter(n -> n.startsWith(PREFIX)).ifPresent(tree::path);
        for (String annotation : metadata.getAnnotationNames()) {
            metadata.findAnnotation(annotation).ifPresent(value -> value.getValues().values().forEach(member -> {
                Matcher m = PLACEHOLDER.matcher(member instanceof Object[] array ? Arrays.toString(array) : String.valueOf(member));
                while (m.find()) {
                    tree.path(m.group(1));
                }
            }));
        }
    }
}
