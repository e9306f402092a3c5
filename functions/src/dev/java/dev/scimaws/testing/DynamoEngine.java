package dev.scimaws.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClientBuilder;

/**
 * The DynamoDB engine that integration tests and the local API run against: a real
 * DynamoDB-compatible server over HTTP, never a mock.
 *
 * <p>Selection, first match wins:
 * <ol>
 *   <li>{@code SCIM_DYNAMODB_ENDPOINT} (environment or system property): any endpoint you run yourself —
 *       LocalStack, a Dynoxide you started, real AWS. Loopback endpoints get dummy credentials; others use
 *       the SDK's default credentials and region.</li>
 *   <li>{@code SCIM_ENGINE=localstack}: LocalStack through Testcontainers (Docker and
 *       {@code LOCALSTACK_AUTH_TOKEN} required).</li>
 *   <li>Otherwise Dynoxide, on a free loopback port, in memory.</li>
 * </ol>
 * {@link #get()} gives the one engine shared by a JVM; a shutdown hook stops it.
 */
public final class DynamoEngine implements AutoCloseable {

    public static final String ENDPOINT_SETTING = "SCIM_DYNAMODB_ENDPOINT";
    public static final String ENGINE_SETTING = "SCIM_ENGINE";
    /** Local engines accept any credentials; the region only has to be consistent. */
    public static final Region LOCAL_REGION = Region.US_EAST_1;
    private static final AwsCredentialsProvider DUMMY_CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

    private static DynamoEngine shared;

    private final String description;
    private final URI endpoint;
    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final Runnable stopper;
    /** Tables to drop at close: only on engines that outlive this JVM (an endpoint you run yourself). */
    private final Set<String> tablesToDrop = ConcurrentHashMap.newKeySet();
    private final boolean dropTablesOnClose;
    private final DynamoDbClient client;
    private final Thread shutdownHook;
    private volatile boolean closed;

    private DynamoEngine(String description, URI endpoint, Region region, AwsCredentialsProvider credentials,
                         Runnable stopper, boolean dropTablesOnClose) {
        this.description = description;
        this.endpoint = endpoint;
        this.region = region;
        this.credentials = credentials;
        this.stopper = stopper;
        this.dropTablesOnClose = dropTablesOnClose;
        this.client = newClient();
        this.shutdownHook = new Thread(this::stop, "dynamo-engine-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        System.out.println("DynamoDB engine: " + description);
    }

    /** The engine shared by every test in this JVM, started on first use. */
    public static synchronized DynamoEngine get() {
        if (shared == null || shared.closed) {
            shared = start(null);
        }
        return shared;
    }

    /**
     * A new engine chosen by the settings above, owned by the caller. {@code dataFile} keeps Dynoxide's
     * data in a SQLite file across restarts (null: in memory); other engines keep their own data.
     */
    public static DynamoEngine start(Path dataFile) {
        String explicit = setting(ENDPOINT_SETTING);
        String engine = setting(ENGINE_SETTING);
        if (dataFile != null && (explicit != null || engine != null && !engine.equalsIgnoreCase("dynoxide"))) {
            System.out.println("Data file " + dataFile + " ignored: only Dynoxide started here keeps data in a file.");
        }
        if (explicit != null) {
            URI uri = URI.create(explicit);
            boolean loopback = isLoopback(uri);
            return new DynamoEngine("endpoint " + uri + " (from " + ENDPOINT_SETTING + ")", uri,
                    loopback ? LOCAL_REGION : null, loopback ? DUMMY_CREDENTIALS : null, () -> {}, true);
        }
        if (engine == null || engine.equalsIgnoreCase("dynoxide")) {
            return startDynoxide(dataFile);
        }
        if (engine.equalsIgnoreCase("localstack")) {
            LocalStackEngine.Started started = LocalStackEngine.start();
            return new DynamoEngine(started.description(), started.endpoint(), Region.of(started.region()),
                    StaticCredentialsProvider.create(AwsBasicCredentials.create(started.accessKey(), started.secretKey())),
                    started.stopper(), false);
        }
        throw new IllegalStateException(ENGINE_SETTING + "=" + engine + " is not an engine this project knows: use 'dynoxide' (the default) "
                + "or 'localstack', or set " + ENDPOINT_SETTING + " to any DynamoDB endpoint.");
    }

    public URI endpoint() {
        return endpoint;
    }

    public String description() {
        return description;
    }

    /** A client shared by callers that count nothing. */
    public DynamoDbClient client() {
        return client;
    }

    /** A new client with these interceptors (for example a {@link CallCounter}); the caller closes it. */
    public DynamoDbClient client(ExecutionInterceptor... interceptors) {
        return newClient(interceptors);
    }

    private DynamoDbClient newClient(ExecutionInterceptor... interceptors) {
        return clientFor(endpoint, region, credentials, interceptors);
    }

    /**
     * A client for an endpoint named on the command line or in the environment: loopback endpoints get
     * dummy credentials and {@link #LOCAL_REGION} (local engines check neither), others the default chains.
     */
    public static DynamoDbClient clientFor(URI endpoint, ExecutionInterceptor... interceptors) {
        boolean loopback = isLoopback(endpoint);
        return clientFor(endpoint, loopback ? LOCAL_REGION : null, loopback ? DUMMY_CREDENTIALS : null, interceptors);
    }

    private static DynamoDbClient clientFor(URI endpoint, Region region, AwsCredentialsProvider credentials,
                                            ExecutionInterceptor... interceptors) {
        ClientOverrideConfiguration.Builder override = ClientOverrideConfiguration.builder();
        for (ExecutionInterceptor interceptor : interceptors) {
            override.addExecutionInterceptor(interceptor);
        }
        DynamoDbClientBuilder builder = DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(30))
                        .build())
                .endpointOverride(endpoint)
                .overrideConfiguration(override.build());
        if (region != null) {
            builder.region(region);
        }
        if (credentials != null) {
            builder.credentialsProvider(credentials);
        }
        return builder.build();
    }

    /** A DynamoDB Streams client for this engine (the events tests and the local API read the table's stream). */
    public DynamoDbStreamsClient streamsClient() {
        DynamoDbStreamsClientBuilder builder = DynamoDbStreamsClient.builder()
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(30)).build())
                .endpointOverride(endpoint);
        if (region != null) {
            builder.region(region);
        }
        if (credentials != null) {
            builder.credentialsProvider(credentials);
        }
        return builder.build();
    }

    /**
     * Creates a table named {@code <prefix>-<random>} from the table definition, without its stream (see
     * {@link Tables#createWithoutStream}), and waits until it is ACTIVE.
     */
    public String createTable(String prefix) {
        return createTable(prefix, false);
    }

    /** As {@link #createTable(String)}, with the stream the deployed table has: for tests that read events. */
    public String createTableWithStream(String prefix) {
        return createTable(prefix, true);
    }

    private String createTable(String prefix, boolean stream) {
        String safePrefix = prefix.replaceAll("[^A-Za-z0-9_.-]", "-");
        String name = safePrefix + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        if (stream) {
            Tables.create(client(), name);
        } else {
            Tables.createWithoutStream(client(), name);
        }
        if (dropTablesOnClose) {
            tablesToDrop.add(name);
        }
        return name;
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook is running or has run
        }
    }

    private synchronized void stop() {
        if (closed) {
            return;
        }
        closed = true;
        for (String table : tablesToDrop) {
            try {
                client.deleteTable(b -> b.tableName(table));
            } catch (RuntimeException e) {
                System.err.println("Could not delete test table " + table + ": " + e.getMessage());
            }
        }
        try {
            client.close();
        } finally {
            stopper.run();
        }
    }

    /** A system property wins over the environment variable of the same name; blank counts as unset. */
    static String setting(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            value = System.getenv(name);
        }
        return value == null || value.isBlank() ? null : value.trim();
    }

    static boolean isLoopback(URI uri) {
        String host = uri.getHost();
        if (host == null) {
            return false;
        }
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            // Only literal addresses: never a DNS lookup to decide which credentials to send.
            return host.matches("[0-9.]+|\\[?[0-9a-fA-F:]+]?") && InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    // ---- Dynoxide ---------------------------------------------------------------------------------

    private static final int START_ATTEMPTS = 5;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private static DynamoEngine startDynoxide(Path dataFile) {
        Dynoxide.Binary binary = Dynoxide.locate();
        String storage = dataFile == null ? "in memory" : "data in " + dataFile.toAbsolutePath();
        String lastOutput = "";
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            // Dynoxide prints the port it was asked for (-p 0 would print 0), so we pick a free one
            // and start again if another process takes it between our check and Dynoxide's bind.
            int port = freePort();
            List<String> command = new ArrayList<>(List.of(binary.path().toString(), "serve", "--host", "127.0.0.1", "-p", Integer.toString(port)));
            if (dataFile != null) {
                command.add("--db-path");
                command.add(dataFile.toAbsolutePath().toString());
                createParent(dataFile);
            }
            Process process;
            try {
                process = new ProcessBuilder(command).redirectErrorStream(true).start();
                process.getOutputStream().close();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start " + String.join(" ", command), e);
            }
            OutputTail output = OutputTail.drain(process);
            URI endpoint = URI.create("http://127.0.0.1:" + port);
            if (awaitDynoxide(process, output, endpoint)) {
                return new DynamoEngine("Dynoxide " + binary.version() + " at " + endpoint + ", " + storage
                        + " (" + binary.origin() + ": " + binary.path() + ")",
                        endpoint, LOCAL_REGION, DUMMY_CREDENTIALS, () -> stopProcess(process), false);
            }
            stopProcess(process);
            lastOutput = output.text();
            if (!lastOutput.toLowerCase(Locale.ROOT).contains("in use")) {
                break;
            }
        }
        throw new IllegalStateException("Dynoxide (" + binary.path() + ") did not start. Its output:\n" + lastOutput);
    }

    /** True once our process says it listens and answers ListTables; false if it exits or times out. */
    private static boolean awaitDynoxide(Process process, OutputTail output, URI endpoint) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try (DynamoDbClient probe = clientFor(endpoint, LOCAL_REGION, DUMMY_CREDENTIALS)) {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    output.awaitEnd();
                    return false;
                }
                // Wait for our own process's banner: after a lost bind race another server may answer on this port.
                if (output.text().contains("listening")) {
                    try {
                        probe.listTables(b -> b.limit(1));
                        return true;
                    } catch (RuntimeException notYet) {
                        // retry until the deadline
                    }
                }
                sleep(25);
            }
        }
        return false;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free loopback port", e);
        }
    }

    private static void createParent(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + parent, e);
        }
    }

    private static void stopProcess(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the engine", e);
        }
    }

    /** Reads a process's output on a daemon thread (so the pipe never fills) and keeps its tail for errors. */
    private static final class OutputTail {
        private static final int LIMIT = 16 * 1024;
        private final StringBuilder text = new StringBuilder();
        private final Thread reader;

        private OutputTail(Process process) {
            reader = Thread.ofPlatform().daemon().name("dynoxide-output").start(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        append(line);
                    }
                } catch (IOException e) {
                    // the process ended
                }
            });
        }

        static OutputTail drain(Process process) {
            return new OutputTail(process);
        }

        private synchronized void append(String line) {
            text.append(line).append('\n');
            if (text.length() > LIMIT) {
                text.delete(0, text.length() - LIMIT);
            }
        }

        synchronized String text() {
            return text.toString();
        }

        void awaitEnd() {
            try {
                reader.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
