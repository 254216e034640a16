package ai.factory.gateway.config;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.ConfigurationReader;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.PropertySource;
import io.micronaut.core.annotation.AnnotationMetadata;
import io.micronaut.core.annotation.AnnotationValue;
import io.micronaut.core.annotation.Order;
import io.micronaut.core.order.Ordered;
import io.micronaut.inject.BeanDefinition;
import io.micronaut.inject.BeanDefinitionReference;
import io.micronaut.context.exceptions.ConfigurationException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stops the start when a {@code gateway.*} key is one the gateway does not read, or an enum
 * setting has a value it does not know (a misspelt {@code redis-failure: fail-opne} must not
 * quietly mean fail-open). The known keys come from the application's own beans: every
 * configuration type's components, every placeholder in an annotation ({@code @Value},
 * {@code @Scheduled}, ...), {@code @Property(name)} and {@code @Requires(property)}, plus
 * {@link #READ_OUTSIDE_BEANS}. First of the eager beans, so nothing has started yet when it fails.
 */
@Context
@Order(Ordered.HIGHEST_PRECEDENCE)
public final class ConfigKeyCheck {

    static final String PREFIX = "gateway.";
    /** Read before the context exists (LocalPorts, from system properties) or as placeholders of application-local.yml. */
    static final List<String> READ_OUTSIDE_BEANS = List.of("gateway.local.postgres-port", "gateway.local.redis-port",
            "gateway.local.emulator-ports", "gateway.local.emulator-port-1", "gateway.local.emulator-port-2");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(gateway\\.[^:}]+)");

    public ConfigKeyCheck(ApplicationContext context) {
        List<String> problems = problems(knownKeys(context), context);
        if (!problems.isEmpty()) {
            throw new ConfigurationException("Unknown configuration under gateway.:\n  " + String.join("\n  ", problems));
        }
    }

    static KeyTree knownKeys(ApplicationContext context) {
        KeyTree tree = new KeyTree();
        READ_OUTSIDE_BEANS.forEach(tree::path);
        for (BeanDefinitionReference<?> ref : context.getBeanDefinitionReferences()) {
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

    /** Every {@code gateway.*} key of every property source but the environment variables (read only as placeholders). */
    static List<String> problems(KeyTree tree, ApplicationContext context) {
        List<String> problems = new ArrayList<>();
        for (PropertySource source : context.getEnvironment().getPropertySources()) {
            if (source.getConvention() == PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE) {
                problems.addAll(EnvironmentVariableCheck.problems(source, tree, context.getEnvironment()));
                continue;
            }
            for (String key : source) {
                if (!key.startsWith(PREFIX)) {
                    continue;
                }
                Object value = source.get(key);
                if (value instanceof CharSequence) {
                    // ${GATEWAY_RATELIMIT_REDIS_FAILURE:fail-open}: the value that will be bound.
                    value = context.getEnvironment().getProperty(key, String.class).orElse(value.toString());
                }
                for (String problem : tree.check(key, value)) {
                    problems.add(problem + " [" + source.getName() + "]");
                }
            }
        }
        return problems;
    }
}
