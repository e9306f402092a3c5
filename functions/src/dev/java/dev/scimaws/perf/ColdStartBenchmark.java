package dev.scimaws.perf;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scimaws.auth.Tokens;
import dev.scimaws.handler.GroupsHandler;
import dev.scimaws.handler.UsersHandler;
import dev.scimaws.handler.Wiring;
import dev.scimaws.perf.launcher.ColdStartLauncher;
import dev.scimaws.perf.launcher.FloorHandler;
import dev.scimaws.store.DynamoTokenStore;
import dev.scimaws.testing.DynamoEngine;
import dev.scimaws.testing.Events;
import dev.scimaws.testing.Placeholders;
import java.io.File;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * The cold-path benchmark of issue 7 (docs/performance.md tells how to run it and what the numbers mean).
 *
 * <p>For each handler it launches fresh JVMs with Lambda-like options, the deployed {@code functions.jar} and
 * the launcher classes only ({@link ColdStartLauncher}), against a local DynamoDB engine, and measures
 * init (handler construction), the first request (an event from {@code events/}) and the classes loaded.
 * Every handler run is paired with a run of {@link FloorHandler} (the same DynamoDB client and one GetItem),
 * in alternating order, and the report gives the ratio handler/floor pair by pair: on a shared, noisy
 * machine the ratios hold when absolute times do not. Then, per handler, the priming proof: a fresh JVM
 * runs the handler's SnapStart priming through {@code org.crac}, then the first real request with
 * {@code -Xlog:class+load}, and the classes first loaded during that request are counted (target: at most 50).
 *
 * <pre>./mvnw -q -pl functions -am package -DskipTests &amp;&amp; ./mvnw -q -pl functions exec:exec@coldstart -Dexec.args="--runs 10"</pre>
 */
public final class ColdStartBenchmark {

    /** The priming target of issue 7. */
    public static final int CLASSES_AFTER_PRIMING_TARGET = 50;
    /** The cold-sum target of issue 7, as a ratio to the floor. */
    public static final double FLOOR_RATIO_TARGET = 1.5;

    /** The memory of the function the JVM options imitate (Lambda gives the heap 85 % of it). */
    static final int FUNCTION_MEMORY_MB = 1024;

    /**
     * What the Lambda java21 runtime passes to its JVM (see docs/performance.md for the sources), with the heap of
     * a 1024 MB function. The CDS archive is the JDK's default one here (Lambda ships its own), and org.crac is
     * pointed at the launcher's stand-in for the runtime's CRaC implementation.
     */
    static final List<String> LAMBDA_JVM_OPTIONS = List.of(
            "-XX:MaxHeapSize=" + (FUNCTION_MEMORY_MB * 1024L * 85 / 100) + "k",
            "-XX:+UseSerialGC",
            "-Xshare:auto",
            "-XX:+TieredCompilation",
            "-XX:TieredStopAtLevel=1",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "-Djava.net.preferIPv4Stack=true",
            "-Dorg.crac.Core.Compat=dev.scimaws.perf.launcher.crac",
            "-XX:+ErrorFileToStderr");

    /** An event the priming proof sends, and what must come back. */
    record ProofEvent(String event, String expected, String replace, String with) {
        ProofEvent(String event, String expected) {
            this(event, expected, null, null);
        }

        static ProofEvent ok(String event) {
            return new ProofEvent(event, "2xx");
        }

        /** The event with one text replaced: a create under a name nothing else in the run uses. */
        static ProofEvent ok(String event, String replace, String with) {
            return new ProofEvent(event, "2xx", replace, with);
        }
    }

    /**
     * One handler of the benchmark: add a line here when a new handler lands. {@code coldEvent} is the first
     * request of the cold runs (idempotent, so every run does the same work); {@code proofEvents} are each sent
     * once, after priming, in this order (so a create comes before the rename that would make it conflict).
     */
    record HandlerEntry(String name, String className, String coldEvent, String coldExpected, List<ProofEvent> proofEvents) {}

    static final List<HandlerEntry> HANDLERS = List.of(
            new HandlerEntry("Users", "dev.scimaws.handler.UsersHandler", "users/get.json", "2xx", List.of(
                    ProofEvent.ok("users/get.json"), ProofEvent.ok("users/filter.json"), ProofEvent.ok("users/create.json", "jane.doe@example.com", "coldstart.proof@example.com"),
                    ProofEvent.ok("users/patch-deactivate.json"), ProofEvent.ok("users/put.json"),
                    ProofEvent.ok("users/list.json"))),
            new HandlerEntry("Groups", "dev.scimaws.handler.GroupsHandler", "groups/okta-membership-patch.json", "2xx", List.of(
                    ProofEvent.ok("groups/okta-membership-patch.json"), ProofEvent.ok("groups/filter.json"),
                    ProofEvent.ok("groups/create.json", "\\\"Sales\\\"", "\\\"Coldstart proof\\\""), ProofEvent.ok("groups/rename.json"),
                    ProofEvent.ok("groups/entra-remove.json"))),
            new HandlerEntry("Discovery", "dev.scimaws.handler.DiscoveryHandler", "discovery/schemas.json", "2xx", List.of(
                    ProofEvent.ok("discovery/schemas.json"), ProofEvent.ok("discovery/resource-types.json"),
                    ProofEvent.ok("discovery/service-provider-config.json"), ProofEvent.ok("discovery/schema-by-id.json"))),
            new HandlerEntry("TokenAuthorizer", "dev.scimaws.handler.TokenAuthorizerHandler", "authorizer/allow.json",
                    "IamPolicyResponseV1", List.of(new ProofEvent("authorizer/allow.json", "IamPolicyResponseV1"),
                    new ProofEvent("authorizer/deny.json", "threw:UnauthorizedException"))));

    /** The settings of one benchmark run. */
    record Options(int runs, List<String> handlers, Path jar, Path java, List<String> jvmOptions, boolean proof,
                   String client, List<Path> extraClasspath, Path outDir) {

        static Options parse(String[] args) {
            int runs = 10;
            List<String> handlers = HANDLERS.stream().map(HandlerEntry::name).toList();
            Path jar = defaultTarget().resolve("functions.jar");
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            List<String> jvmOptions = new ArrayList<>(LAMBDA_JVM_OPTIONS);
            boolean proof = true;
            String client = "env";
            List<Path> extra = new ArrayList<>();
            Path outDir = defaultTarget().resolve("coldstart");
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--runs" -> runs = Integer.parseInt(value(args, ++i, arg));
                    case "--handlers" -> handlers = Arrays.stream(value(args, ++i, arg).split(",")).map(String::trim).toList();
                    case "--jar" -> jar = Path.of(value(args, ++i, arg));
                    case "--java" -> java = Path.of(value(args, ++i, arg));
                    case "--jvm-option" -> jvmOptions.add(value(args, ++i, arg));
                    case "--full-jit" -> jvmOptions.removeIf(o -> o.startsWith("-XX:TieredStopAtLevel"));
                    case "--no-proof" -> proof = false;
                    case "--client" -> client = value(args, ++i, arg);
                    case "--extra-classpath" -> Arrays.stream(value(args, ++i, arg).split(File.pathSeparator))
                            .map(Path::of).forEach(extra::add);
                    case "--out" -> outDir = Path.of(value(args, ++i, arg));
                    default -> throw new IllegalArgumentException("Unknown option " + arg + "\n" + USAGE);
                }
            }
            if (runs < 1) {
                throw new IllegalArgumentException("--runs must be at least 1");
            }
            for (String handler : handlers) {
                if (HANDLERS.stream().noneMatch(h -> h.name().equals(handler))) {
                    throw new IllegalArgumentException("Unknown handler " + handler + "; known: "
                            + HANDLERS.stream().map(HandlerEntry::name).toList());
                }
            }
            return new Options(runs, handlers, jar, java, List.copyOf(jvmOptions), proof, client, List.copyOf(extra), outDir);
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
            }
            return args[i];
        }
    }

    static final String USAGE = """
            Options: --runs N (default 10)  --handlers Users,Groups,Discovery,TokenAuthorizer (default: all in the jar)
                     --jar PATH (default functions/target/functions.jar)  --java PATH (default: this JVM's java)
                     --jvm-option OPT (repeatable, appended)  --full-jit (drop -XX:TieredStopAtLevel=1)
                     --client env|url|crt (env: the handlers' own no-argument constructors)  --extra-classpath PATHS
                     --no-proof (skip the priming proof)  --out DIR (default functions/target/coldstart)""";

    /** One child JVM's measurements. */
    record Run(String handler, boolean floor, int run, double wallMs, Map<String, String> values) {
        double get(String key) {
            return Double.parseDouble(values.get(key));
        }

        double sum() {
            return get("init_ms") + get("request_ms");
        }

        String status() {
            return values.get("status");
        }
    }

    /** The priming proof for one event: the classes its request loaded after priming. */
    record Proof(String handler, String event, String status, String expected, int classesLoaded, double primeMs,
                 double requestMs, Path classList) {
        boolean statusOk() {
            return expected.equals("2xx") ? status.matches("2\\d\\d") : status.equals(expected);
        }
    }

    /** What the benchmark produced: the report text and where it was written. */
    public record Report(String markdown, Path file, List<Run> runs, List<Proof> proofs) {}

    private final Options options;
    private final DynamoEngine engine;
    private final Path launcherDir;
    private final Path eventsDir;
    private String table;

    ColdStartBenchmark(Options options, DynamoEngine engine) {
        this.options = options;
        this.engine = engine;
        this.launcherDir = options.outDir().resolve("launcher");
        this.eventsDir = options.outDir().resolve("events");
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Report report = run(options, DynamoEngine.get());
        System.out.println();
        System.out.println(report.markdown());
        System.out.println("Report written to " + report.file());
        System.exit(0);
    }

    /** Runs the benchmark with these command-line arguments against this engine (the IT passes the shared one). */
    public static Report run(String[] args, DynamoEngine engine) {
        return run(Options.parse(args), engine);
    }

    static Report run(Options options, DynamoEngine engine) {
        return new ColdStartBenchmark(options, engine).execute();
    }

    private Report execute() {
        if (!Files.isRegularFile(options.jar())) {
            throw new IllegalStateException("No deployable jar at " + options.jar()
                    + ": build it first with ./mvnw -q -pl functions -am package -DskipTests");
        }
        List<HandlerEntry> handlers = presentHandlers();
        copyLauncher();
        table = engine.createTable("coldstart");
        Map<String, String> placeholders = seed();
        writeEvents(handlers, placeholders);
        String javaVersion = javaVersion();
        log("Cold-start benchmark: " + options.runs() + " run(s) of " + handlers.stream().map(HandlerEntry::name).toList()
                + " paired with the floor; " + javaVersion + "; engine " + engine.description());

        List<Run> runs = new ArrayList<>();
        for (int run = 1; run <= options.runs(); run++) {
            for (int h = 0; h < handlers.size(); h++) {
                HandlerEntry handler = handlers.get(h);
                boolean floorFirst = (run + h) % 2 == 0;
                Run floorRun = null;
                if (floorFirst) {
                    floorRun = coldRun(handler, true, run);
                }
                Run handlerRun = coldRun(handler, false, run);
                if (!floorFirst) {
                    floorRun = coldRun(handler, true, run);
                }
                runs.add(floorRun);
                runs.add(handlerRun);
                log(String.format(Locale.ROOT, "run %d %-16s sum %7.1f ms (init %6.1f + request %6.1f), floor %7.1f ms, ratio %.2f, status %s",
                        run, handler.name(), handlerRun.sum(), handlerRun.get("init_ms"), handlerRun.get("request_ms"),
                        floorRun.sum(), handlerRun.sum() / floorRun.sum(), handlerRun.status()));
                if (!statusMatches(handlerRun.status(), handler.coldExpected())) {
                    throw new IllegalStateException(handler.name() + " answered " + handlerRun.status() + " to "
                            + handler.coldEvent() + " (expected " + handler.coldExpected() + "): the benchmark measures "
                            + "nothing useful. Child output:\n" + handlerRun.values().get("output"));
                }
            }
        }
        List<Proof> proofs = new ArrayList<>();
        if (options.proof()) {
            for (HandlerEntry handler : handlers) {
                for (ProofEvent event : handler.proofEvents()) {
                    Proof proof = primedRun(handler, event);
                    proofs.add(proof);
                    log(String.format(Locale.ROOT, "priming proof %-16s %-40s %3d classes loaded by the request after priming, status %s",
                            handler.name(), event.event(), proof.classesLoaded(), proof.status()));
                }
            }
        }
        String markdown = ReportWriter.markdown(options, handlers, runs, proofs, javaVersion, engine.description(), jarSize());
        Path file = options.outDir().resolve("report.md");
        try {
            Files.writeString(file, markdown, StandardCharsets.UTF_8);
            Files.writeString(options.outDir().resolve("runs.csv"), ReportWriter.csv(runs), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Report(markdown, file, runs, proofs);
    }

    static boolean statusMatches(String status, String expected) {
        return expected.equals("2xx") ? status.matches("2\\d\\d") : status.equals(expected);
    }

    /** The handlers asked for whose classes are in the jar (a handler still being written is skipped). */
    private List<HandlerEntry> presentHandlers() {
        List<HandlerEntry> present = new ArrayList<>();
        try (ZipFile zip = new ZipFile(options.jar().toFile())) {
            for (HandlerEntry entry : HANDLERS) {
                if (!options.handlers().contains(entry.name())) {
                    continue;
                }
                if (zip.getEntry(entry.className().replace('.', '/') + ".class") == null) {
                    log("Skipping " + entry.name() + ": " + entry.className() + " is not in " + options.jar());
                    continue;
                }
                present.add(entry);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + options.jar(), e);
        }
        if (present.isEmpty()) {
            throw new IllegalStateException("None of " + options.handlers() + " is in " + options.jar());
        }
        return present;
    }

    // ---- the child JVMs -----------------------------------------------------------------------------

    private Run coldRun(HandlerEntry handler, boolean floor, int run) {
        String className = floor ? FloorHandler.class.getName() : handler.className();
        Map<String, String> values = launch(className, eventFile(handler.coldEvent()), "cold", List.of());
        double wall = Double.parseDouble(values.remove("wall_ms"));
        return new Run(handler.name(), floor, run, wall, values);
    }

    private Proof primedRun(HandlerEntry handler, ProofEvent event) {
        String base = handler.name() + "-" + event.event().replace('/', '-').replace(".json", "");
        Path log = options.outDir().resolve("class-load").resolve(base + ".log");
        Path list = options.outDir().resolve("class-load").resolve(base + "-after-priming.txt");
        try {
            Files.createDirectories(log.getParent());
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> values = launch(handler.className(), proofFile(event), "primed",
                List.of("-Xlog:class+load=info:file=" + log));
        List<String> loaded = ClassLoadLog.loadedBetweenMarkers(log, ColdStartLauncher.RequestStarts.class.getName(),
                ColdStartLauncher.RequestEnded.class.getName());
        try {
            Files.write(list, loaded, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!values.get("resources").matches("[1-9]\\d*")) {
            throw new IllegalStateException(handler.name() + " registered no CRaC resource: nothing primed it");
        }
        return new Proof(handler.name(), event.event(), values.get("status"), event.expected(), loaded.size(),
                Double.parseDouble(values.get("prime_ms")), Double.parseDouble(values.get("request_ms")), list);
    }

    /** Starts one child JVM and returns its result line's values, plus {@code wall_ms} (process start to exit). */
    private Map<String, String> launch(String handlerClass, Path event, String mode, List<String> moreJvmOptions) {
        List<String> command = new ArrayList<>();
        command.add(options.java().toString());
        command.addAll(options.jvmOptions());
        command.addAll(moreJvmOptions);
        command.add("-cp");
        List<String> classpath = new ArrayList<>(List.of(options.jar().toString(), launcherDir.toString()));
        options.extraClasspath().forEach(p -> classpath.add(p.toString()));
        command.add(String.join(File.pathSeparator, classpath));
        command.add(ColdStartLauncher.class.getName());
        command.add(handlerClass);
        command.add(event.toString());
        command.add(mode);
        command.add(options.client());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.clear();
        env.putAll(lambdaEnvironment(handlerClass));
        long start = System.nanoTime();
        String output;
        int exit;
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("Child JVM did not end: " + String.join(" ", command));
            }
            exit = process.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + command.getFirst(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
        double wallMs = (System.nanoTime() - start) / 1e6;
        String line = output.lines().filter(l -> l.startsWith(ColdStartLauncher.RESULT_PREFIX)).findFirst().orElse(null);
        if (exit != 0 || line == null) {
            throw new IllegalStateException("Child JVM failed (exit " + exit + "): " + String.join(" ", command) + "\n" + output);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : line.substring(ColdStartLauncher.RESULT_PREFIX.length()).trim().split(" ")) {
            int at = pair.indexOf('=');
            values.put(pair.substring(0, at), pair.substring(at + 1));
        }
        values.put("wall_ms", String.format(Locale.ROOT, "%.1f", wallMs));
        values.put("output", output);
        return values;
    }

    /** Only what Lambda would set (dummy credentials for the local engine); nothing inherited from this shell. */
    private Map<String, String> lambdaEnvironment(String handlerClass) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("HOME", options.outDir().resolve("home").toString());
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");
        env.put("AWS_REGION", DynamoEngine.LOCAL_REGION.id());
        env.put("AWS_DEFAULT_REGION", DynamoEngine.LOCAL_REGION.id());
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        env.put("AWS_SESSION_TOKEN", "local");
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
        env.put("AWS_LAMBDA_FUNCTION_NAME", handlerClass.substring(handlerClass.lastIndexOf('.') + 1));
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(FUNCTION_MEMORY_MB));
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put(Wiring.TABLE_ENV, table);
        env.put(Wiring.ENDPOINT_ENV, engine.endpoint().toString());
        return env;
    }

    private String javaVersion() {
        try {
            Process process = new ProcessBuilder(options.java().toString(), "-version").redirectErrorStream(true).start();
            String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(30, TimeUnit.SECONDS);
            return text.lines().skip(1).findFirst().orElse(text).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + options.java(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---- set-up -------------------------------------------------------------------------------------

    /** Copies the launcher package (and only it) out of the test classes: the child's classpath is the jar plus this. */
    private void copyLauncher() {
        Path classes = testClasses();
        Path source = classes.resolve(ColdStartLauncher.class.getPackageName().replace('.', '/'));
        Path target = launcherDir.resolve(ColdStartLauncher.class.getPackageName().replace('.', '/'));
        try {
            deleteTree(launcherDir);
            Files.createDirectories(options.outDir().resolve("home"));
            try (Stream<Path> files = Files.walk(source)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Path copy = target.resolve(source.relativize(file).toString());
                    Files.createDirectories(copy.getParent());
                    Files.copy(file, copy);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot copy the launcher classes from " + source, e);
        }
    }

    /**
     * A token for the events' tenant ("local"), a user and a group (names other than those in the create events,
     * so the priming proof's creates succeed), and the user as a member of the group: every cold run of
     * GET /Users/{id} then reads the same items (user, memberships, group).
     */
    private Map<String, String> seed() {
        Clock clock = Clock.systemUTC();
        Wiring wiring = new Wiring(engine.client(), table, clock);
        String token = new Tokens(new DynamoTokenStore(engine.client(), table), clock).issue("local", "coldstart").token();
        Map<String, String> values = new LinkedHashMap<>();
        values.put("SCIM_TOKEN", token);

        APIGatewayProxyRequestEvent createUser = Events.load("users/create.json", APIGatewayProxyRequestEvent.class, Map.of());
        createUser.setBody(createUser.getBody().replace("jane.doe@example.com", "coldstart.seed@example.com"));
        values.put("USER_ID", createdId(new UsersHandler(wiring).handleRequest(createUser, null)));

        GroupsHandler groups = new GroupsHandler(wiring);
        APIGatewayProxyRequestEvent createGroup = Events.load("groups/create.json", APIGatewayProxyRequestEvent.class, Map.of());
        createGroup.setBody(createGroup.getBody().replace("\"Sales\"", "\"Coldstart seed\""));
        values.put("GROUP_ID", createdId(groups.handleRequest(createGroup, null)));

        APIGatewayProxyResponseEvent member = groups.handleRequest(
                Events.load("groups/okta-membership-patch.json", APIGatewayProxyRequestEvent.class, values), null);
        if (member.getStatusCode() / 100 != 2) {
            throw new IllegalStateException("Seeding the membership failed: " + member.getStatusCode() + " " + member.getBody());
        }
        return values;
    }

    private static String createdId(APIGatewayProxyResponseEvent response) {
        if (response.getStatusCode() != 201) {
            throw new IllegalStateException("Seeding failed: " + response.getStatusCode() + " " + response.getBody());
        }
        try {
            return new ObjectMapper().readTree(response.getBody()).get("id").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Each event file, placeholders filled, as a Java-serialised tree of JDK maps and lists (see the launcher's EventTree). */
    private void writeEvents(List<HandlerEntry> handlers, Map<String, String> placeholders) {
        ObjectMapper json = new ObjectMapper();
        try {
            Files.createDirectories(eventsDir);
            for (HandlerEntry handler : handlers) {
                writeEvent(json, handler.coldEvent(), eventFile(handler.coldEvent()), placeholders, null, null);
                for (ProofEvent proof : handler.proofEvents()) {
                    writeEvent(json, proof.event(), proofFile(proof), placeholders, proof.replace(), proof.with());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeEvent(ObjectMapper json, String event, Path file, Map<String, String> placeholders,
                                   String replace, String with) throws IOException {
        String text = Placeholders.expand(Events.read(Events.dir().resolve(event)), placeholders);
        if (replace != null) {
            text = text.replace(replace, with);
        }
        Object tree = json.readValue(text, Object.class);
        try (ObjectOutputStream out = new ObjectOutputStream(Files.newOutputStream(file))) {
            out.writeObject(tree);
        }
    }

    private Path proofFile(ProofEvent proof) {
        return eventsDir.resolve("proof-" + proof.event().replace('/', '-').replace(".json", ".ser"));
    }

    private Path eventFile(String event) {
        return eventsDir.resolve(event.replace('/', '-').replace(".json", ".ser"));
    }

    private long jarSize() {
        try {
            return Files.size(options.jar());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** functions/target, found from where this class was loaded (target/test-classes), whatever the working directory. */
    static Path defaultTarget() {
        return testClasses().getParent();
    }

    private static Path testClasses() {
        try {
            return Path.of(ColdStartBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static void log(String message) {
        System.out.println("[" + Instant.now().toString().substring(11, 19) + "] " + message);
    }
}
