package dev.scimaws.perf.launcher;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds a handler's event object in the child JVM without any JSON library: the benchmark parses the
 * event file in its own JVM into a tree of JDK maps, lists and scalars and hands it over with Java
 * serialisation; here the tree is poured into the event class through its setters. In Lambda the
 * runtime deserialises the event with its own (shaded) Jackson, which is not ours to measure; this
 * keeps the jar's Jackson out of the launcher's own work, so every Jackson class the handler loads is
 * counted against the handler.
 */
final class EventTree {

    private EventTree() {}

    static Object read(Path file) {
        try (ObjectInputStream in = new ObjectInputStream(Files.newInputStream(file))) {
            return in.readObject();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read event " + file, e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("Event " + file + " holds a class the launcher does not know", e);
        }
    }

    /** The tree as an instance of {@code type}: maps and lists pass through, beans are filled by their setters. */
    static Object as(Class<?> type, Object node) throws ReflectiveOperationException {
        if (node == null) {
            return null;
        }
        if (type == Object.class || Map.class.isAssignableFrom(type) || List.class.isAssignableFrom(type)) {
            return node;
        }
        if (type == String.class) {
            return node.toString();
        }
        if (type == Boolean.class || type == boolean.class) {
            return node instanceof Boolean b ? b : Boolean.valueOf(node.toString());
        }
        if (type == Integer.class || type == int.class) {
            return ((Number) node).intValue();
        }
        if (type == Long.class || type == long.class) {
            return ((Number) node).longValue();
        }
        if (type == Double.class || type == double.class) {
            return ((Number) node).doubleValue();
        }
        if (!(node instanceof Map<?, ?> fields)) {
            throw new IllegalArgumentException("Expected an object for " + type.getName() + ", got " + node);
        }
        Object bean = type.getDeclaredConstructor().newInstance();
        for (Map.Entry<?, ?> field : fields.entrySet()) {
            Method setter = setter(type, field.getKey().toString());
            if (setter != null && field.getValue() != null) {
                setter.invoke(bean, as(setter.getParameterTypes()[0], field.getValue()));
            }
        }
        return bean;
    }

    private static Method setter(Class<?> type, String property) {
        String name = "set" + property.substring(0, 1).toUpperCase(Locale.ROOT) + property.substring(1);
        for (Method method : type.getMethods()) {
            if (method.getName().equals(name) && method.getParameterCount() == 1) {
                return method;
            }
        }
        return null;
    }
}
