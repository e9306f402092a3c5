package dev.scimaws.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.scimaws.handler.Wiring;
import dev.scimaws.testing.DynamoEngine;
import dev.scimaws.testing.Events;
import dev.scimaws.testing.Placeholders;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Invokes one handler with one event file, as Lambda would, against the engine and table named by
 * {@code SCIM_DYNAMODB_ENDPOINT} and {@code SCIM_TABLE} (the local API prints both), and prints the
 * response as JSON.
 *
 * <pre>./mvnw -q -pl functions -am test-compile exec:exec@invoke -Dexec.args="HANDLER EVENT"</pre>
 */
public final class InvokeHandler {

    static final String USAGE = """
            Usage: InvokeHandler HANDLER EVENT
              HANDLER  simple class name in dev.scimaws.handler, e.g. TokenAuthorizerHandler, UsersHandler
              EVENT    path to a JSON event file, e.g. events/authorizer/allow.json
            Needs SCIM_DYNAMODB_ENDPOINT and SCIM_TABLE in the environment; ${NAME} in the event is
            replaced with the environment variable NAME (e.g. "Bearer ${SCIM_TOKEN}").""";

    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private InvokeHandler() {}

    public static void main(String[] args) {
        System.exit(run(args, System::getenv, System.out, System.err));
    }

    /** Returns the exit code: 0 the handler returned, 1 it threw, 2 the invocation could not be set up. */
    static int run(String[] args, Function<String, String> env, PrintStream out, PrintStream err) {
        if (args.length != 2) {
            err.println(USAGE);
            return 2;
        }
        Invocation invocation;
        try {
            invocation = prepare(args[0], Path.of(args[1]), env);
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println(e.getMessage());
            return 2;
        }
        try (DynamoDbClient dynamo = invocation.dynamo()) {
            RequestHandler<Object, Object> handler = invocation.construct();
            Object response = handler.handleRequest(invocation.event(), new LocalContext(args[0]));
            out.println(pretty(Events.toJson(response)));
            return 0;
        } catch (RuntimeException | LinkageError e) {
            Throwable cause = e instanceof HandlerConstructionException ? e.getCause() : e;
            // The shape Lambda answers an invoke with when the handler throws.
            Map<String, String> error = new LinkedHashMap<>();
            error.put("errorMessage", String.valueOf(cause.getMessage()));
            error.put("errorType", cause.getClass().getName());
            out.println(pretty(toJson(error)));
            cause.printStackTrace(err);
            return 1;
        }
    }

    private record Invocation(Constructor<?> constructor, Wiring wiring, Object event) {
        DynamoDbClient dynamo() {
            return wiring.dynamo();
        }

        @SuppressWarnings("unchecked")
        RequestHandler<Object, Object> construct() {
            try {
                return (RequestHandler<Object, Object>) constructor.newInstance(wiring);
            } catch (InvocationTargetException e) {
                throw new HandlerConstructionException(e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new HandlerConstructionException(e);
            }
        }
    }

    private static final class HandlerConstructionException extends RuntimeException {
        HandlerConstructionException(Throwable cause) {
            super(cause);
        }
    }

    private static Invocation prepare(String handlerName, Path eventFile, Function<String, String> env) {
        Class<?> handlerClass = handlerClass(handlerName);
        Class<?> inputType = inputType(handlerClass);
        Constructor<?> constructor;
        try {
            constructor = handlerClass.getConstructor(Wiring.class);
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(handlerName + " has no public constructor taking a Wiring.");
        }
        if (!Files.isRegularFile(eventFile)) {
            throw new IllegalArgumentException("No event file at " + eventFile.toAbsolutePath());
        }
        // Expand first, so a missing placeholder is reported before anything connects anywhere.
        String json = Placeholders.expand(Events.read(eventFile), env);
        Object event;
        try {
            event = Events.fromJson(json, inputType);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(eventFile + " is not a valid " + inputType.getSimpleName() + ": " + e.getMessage(), e);
        }
        String endpoint = required(env, Wiring.ENDPOINT_ENV, "the engine's URL, e.g. what the local API printed");
        String table = required(env, Wiring.TABLE_ENV, "the table name, e.g. scim-local");
        return new Invocation(constructor, new Wiring(DynamoEngine.clientFor(URI.create(endpoint)), table, Clock.systemUTC()), event);
    }

    private static String required(Function<String, String> env, String name, String what) {
        String value = env.apply(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set: export " + name + "=<" + what + ">. "
                    + "The local API prints both " + Wiring.ENDPOINT_ENV + " and " + Wiring.TABLE_ENV + " when it starts.");
        }
        return value;
    }

    private static Class<?> handlerClass(String simpleName) {
        if (!simpleName.matches("[A-Za-z_$][A-Za-z0-9_$]*")) {
            throw new IllegalArgumentException("HANDLER is a simple class name in dev.scimaws.handler, e.g. UsersHandler; got: " + simpleName);
        }
        try {
            Class<?> type = Class.forName("dev.scimaws.handler." + simpleName);
            if (!RequestHandler.class.isAssignableFrom(type)) {
                throw new IllegalArgumentException("dev.scimaws.handler." + simpleName + " is not a Lambda RequestHandler.");
            }
            return type;
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("No handler dev.scimaws.handler." + simpleName + " (HANDLER is a simple class name).");
        }
    }

    /** The {@code I} of {@code RequestHandler<I, O>}, as Lambda finds it to deserialise the event. */
    static Class<?> inputType(Class<?> handlerClass) {
        for (Class<?> c = handlerClass; c != null; c = c.getSuperclass()) {
            for (Type type : c.getGenericInterfaces()) {
                if (type instanceof ParameterizedType parameterized && parameterized.getRawType() == RequestHandler.class) {
                    Type input = parameterized.getActualTypeArguments()[0];
                    if (input instanceof Class<?> plain) {
                        return plain;
                    }
                    // RequestHandler<Map<String, Object>, ...>: Lambda deserialises into the raw type
                    if (input instanceof ParameterizedType generic && generic.getRawType() instanceof Class<?> raw) {
                        return raw;
                    }
                }
            }
        }
        throw new IllegalArgumentException(handlerClass.getName() + " does not declare RequestHandler<I, O> with a concrete event type I.");
    }

    private static String pretty(String json) {
        try {
            return PRETTY.writeValueAsString(PRETTY.readTree(json));
        } catch (Exception e) {
            return json;
        }
    }

    private static String toJson(Object value) {
        try {
            return PRETTY.writeValueAsString(value);
        } catch (Exception e) {
            return String.valueOf(value);
        }
    }
}
