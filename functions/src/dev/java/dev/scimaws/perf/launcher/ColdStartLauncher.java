package dev.scimaws.perf.launcher;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.scimaws.handler.Wiring;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The only class (with its helpers in this package) that joins the deployed jar on a cold-start JVM's
 * classpath. It does what the Lambda runtime does for one cold invocation, and times it:
 * <ol>
 *   <li><b>init</b>: loads the handler class and calls its no-argument constructor (the composition root,
 *       reading {@code SCIM_TABLE}/{@code SCIM_DYNAMODB_ENDPOINT} as in Lambda);</li>
 *   <li>in {@code primed} mode only: runs the CRaC hooks the handler registered through {@code org.crac}
 *       (the SnapStart priming: {@code beforeCheckpoint}, then {@code afterRestore}), untimed;</li>
 *   <li><b>first request</b>: {@code handleRequest} with the event (built before the clock starts).</li>
 * </ol>
 * It prints one {@code COLDSTART-RESULT} line. Marker classes are loaded just before and after the request
 * so that a {@code -Xlog:class+load} log shows exactly which classes the request loaded.
 *
 * <pre>java [Lambda-like options] -cp functions.jar:&lt;launcher dir&gt; dev.scimaws.perf.launcher.ColdStartLauncher
 *     HANDLER_CLASS EVENT_FILE cold|primed [env|url|crt]</pre>
 * The last argument chooses how the handler gets its DynamoDB client: {@code env} (default) is the
 * no-argument constructor, as in Lambda; {@code url} or {@code crt} build a {@link Wiring} here with that
 * HTTP client (the CRT client must then be on the classpath) and use the {@code (Wiring)} constructor.
 */
public final class ColdStartLauncher {

    public static final String RESULT_PREFIX = "COLDSTART-RESULT ";

    /** Loaded right before the first request: the start marker in a class-load log. */
    public static final class RequestStarts {}

    /** Loaded right after the first request: the end marker in a class-load log. */
    public static final class RequestEnded {}

    private ColdStartLauncher() {}

    public static void main(String[] args) throws Exception {
        long mainAtMillis = ManagementFactory.getRuntimeMXBean().getUptime();
        ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
        if (args.length < 3) {
            System.err.println("Usage: ColdStartLauncher HANDLER_CLASS EVENT_FILE cold|primed [env|url|crt]");
            System.exit(2);
        }
        String handlerName = args[0];
        Path eventFile = Path.of(args[1]);
        boolean primed = args[2].equals("primed");
        String client = args.length > 3 ? args[3] : "env";

        long classesAtMain = classes.getTotalLoadedClassCount();
        long t0 = System.nanoTime();
        Class<?> handlerClass = Class.forName(handlerName);
        RequestHandler<Object, Object> handler = construct(handlerClass, client);
        long t1 = System.nanoTime();
        long classesAfterInit = classes.getTotalLoadedClassCount();

        long primeNanos = 0;
        int resources = 0;
        if (primed) {
            long p0 = System.nanoTime();
            org.crac.Core.checkpointRestore();
            primeNanos = System.nanoTime() - p0;
            resources = dev.scimaws.perf.launcher.crac.Core.registered();
        }

        Object event = EventTree.as(inputType(handlerClass), EventTree.read(eventFile));
        Context context = new LauncherContext(handlerClass.getSimpleName());
        long classesBeforeRequest = classes.getTotalLoadedClassCount();
        Class.forName(RequestStarts.class.getName());
        long t2 = System.nanoTime();
        String status;
        try {
            status = status(handler.handleRequest(event, context));
        } catch (RuntimeException e) {
            status = "threw:" + e.getClass().getSimpleName();
        }
        long t3 = System.nanoTime();
        Class.forName(RequestEnded.class.getName());
        long classesAfterRequest = classes.getTotalLoadedClassCount();

        System.out.println(RESULT_PREFIX
                + "init_ms=" + millis(t1 - t0)
                + " request_ms=" + millis(t3 - t2)
                + " prime_ms=" + millis(primeNanos)
                + " main_at_ms=" + mainAtMillis
                + " classes_at_main=" + classesAtMain
                + " classes_init=" + (classesAfterInit - classesAtMain)
                // the start marker is loaded inside this window; the end marker after it
                + " classes_request=" + (classesAfterRequest - classesBeforeRequest - 2)
                + " classes_total=" + classesAfterRequest
                + " resources=" + resources
                + " status=" + status);
        System.out.flush();
        // Lambda freezes the process here; the benchmark just ends it (the SDK may hold idle threads).
        System.exit(0);
    }

    @SuppressWarnings("unchecked")
    private static RequestHandler<Object, Object> construct(Class<?> handlerClass, String client) throws Exception {
        try {
            if (client.equals("env")) {
                return (RequestHandler<Object, Object>) handlerClass.getConstructor().newInstance();
            }
            Wiring wiring = new Wiring(dynamo(client), System.getenv(Wiring.TABLE_ENV), Clock.systemUTC());
            return (RequestHandler<Object, Object>) handlerClass.getConstructor(Wiring.class).newInstance(wiring);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** A client like {@link Wiring#dynamoClient} but with the named HTTP client (looked up by name: CRT is optional). */
    private static DynamoDbClient dynamo(String client) throws ReflectiveOperationException {
        String className = switch (client) {
            case "url" -> "software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient";
            case "crt" -> "software.amazon.awssdk.http.crt.AwsCrtHttpClient";
            default -> throw new IllegalArgumentException("client is env, url or crt; got " + client);
        };
        SdkHttpClient http = (SdkHttpClient) Class.forName(className).getMethod("create").invoke(null);
        var builder = DynamoDbClient.builder().httpClient(http);
        String endpoint = System.getenv(Wiring.ENDPOINT_ENV);
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder.build();
    }

    /** The {@code I} of {@code RequestHandler<I, O>}: the type Lambda deserialises the event into. */
    static Class<?> inputType(Class<?> handlerClass) {
        for (Type type : handlerClass.getGenericInterfaces()) {
            if (type instanceof ParameterizedType parameterized && parameterized.getRawType() == RequestHandler.class) {
                Type input = parameterized.getActualTypeArguments()[0];
                if (input instanceof Class<?> plain) {
                    return plain;
                }
                if (input instanceof ParameterizedType generic && generic.getRawType() instanceof Class<?> raw) {
                    return raw;
                }
            }
        }
        throw new IllegalArgumentException(handlerClass.getName() + " does not implement RequestHandler<I, O> directly");
    }

    /** HTTP status for proxy responses, the value for strings, the type otherwise. */
    private static String status(Object response) {
        if (response == null) {
            return "null";
        }
        if (response instanceof String text) {
            return text;
        }
        try {
            return String.valueOf(response.getClass().getMethod("getStatusCode").invoke(response));
        } catch (ReflectiveOperationException e) {
            return response.getClass().getSimpleName();
        }
    }

    private static String millis(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.2f", nanos / 1e6);
    }

    /** What the Lambda runtime passes; nothing in it is read on the paths measured here except the request id. */
    private static final class LauncherContext implements Context {
        private final String functionName;
        private final long deadline = System.currentTimeMillis() + 30_000;

        LauncherContext(String functionName) {
            this.functionName = functionName;
        }

        @Override public String getAwsRequestId() { return "coldstart-request"; }
        @Override public String getLogGroupName() { return "/aws/lambda/" + functionName; }
        @Override public String getLogStreamName() { return "coldstart"; }
        @Override public String getFunctionName() { return functionName; }
        @Override public String getFunctionVersion() { return "$LATEST"; }
        @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:us-east-1:000000000000:function:" + functionName; }
        @Override public CognitoIdentity getIdentity() { return null; }
        @Override public ClientContext getClientContext() { return null; }
        @Override public int getRemainingTimeInMillis() { return (int) Math.max(0, deadline - System.currentTimeMillis()); }
        @Override public int getMemoryLimitInMB() { return 1024; }
        @Override public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override public void log(String message) { System.err.println(message); }
                @Override public void log(byte[] message) { System.err.println(new String(message, java.nio.charset.StandardCharsets.UTF_8)); }
            };
        }
    }
}
