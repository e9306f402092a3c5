package dev.scimaws.perf;

import dev.scimaws.perf.ColdStartBenchmark.HandlerEntry;
import dev.scimaws.perf.ColdStartBenchmark.Options;
import dev.scimaws.perf.ColdStartBenchmark.Proof;
import dev.scimaws.perf.ColdStartBenchmark.Run;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** The cold-start benchmark's report: Markdown for people, CSV for anyone who wants to look further. */
final class ReportWriter {

    private ReportWriter() {}

    static String markdown(Options options, List<HandlerEntry> handlers, List<Run> runs, List<Proof> proofs,
                           String javaVersion, String engine, long jarBytes) {
        StringBuilder out = new StringBuilder();
        out.append("# Cold-start benchmark\n\n");
        out.append("- When: ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(", ")
                .append(Runtime.getRuntime().availableProcessors()).append(" processors visible, ")
                .append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch")).append('\n');
        out.append("- Child JVMs: ").append(javaVersion).append(" running the jar's Java 21 bytecode (`maven.compiler.release` 21)\n");
        out.append("- JVM options: `").append(String.join(" ", options.jvmOptions())).append("`\n");
        out.append("- HTTP client: ").append(options.client().equals("env")
                ? "the handlers' own (no-argument constructors)" : options.client() + " (built by the launcher)").append('\n');
        out.append("- Jar: `").append(options.jar().getFileName()).append("`, ")
                .append(String.format(Locale.ROOT, "%.1f MB (%,d bytes)", jarBytes / 1e6, jarBytes)).append('\n');
        out.append("- Engine: ").append(engine).append('\n');
        out.append("- ").append(options.runs()).append(" fresh JVM(s) per handler, each paired with a floor run "
                + "(same DynamoDB client, one GetItem) in alternating order; times in ms, median [min-max]\n\n");

        out.append("| handler | init | first request | sum | floor sum | sum/floor (median of pairs) [min-max] "
                + "| classes loaded (init + request) | classes loaded by the first request after priming (max) |\n");
        out.append("|---|---|---|---|---|---|---|---|\n");
        for (HandlerEntry handler : handlers) {
            List<Run> mine = runs.stream().filter(r -> r.handler().equals(handler.name()) && !r.floor()).toList();
            List<Run> floor = runs.stream().filter(r -> r.handler().equals(handler.name()) && r.floor()).toList();
            List<Double> ratios = new ArrayList<>();
            for (Run run : mine) {
                floor.stream().filter(f -> f.run() == run.run()).findFirst()
                        .ifPresent(f -> ratios.add(run.sum() / f.sum()));
            }
            List<Proof> handlerProofs = proofs.stream().filter(p -> p.handler().equals(handler.name())).toList();
            String primed = handlerProofs.isEmpty() ? "not run"
                    : handlerProofs.stream().mapToInt(Proof::classesLoaded).max().orElse(0)
                    + (handlerProofs.stream().allMatch(p -> p.classesLoaded() <= ColdStartBenchmark.CLASSES_AFTER_PRIMING_TARGET)
                    ? " (target <= " + ColdStartBenchmark.CLASSES_AFTER_PRIMING_TARGET + ": met)" : " (target <= "
                    + ColdStartBenchmark.CLASSES_AFTER_PRIMING_TARGET + ": MISSED)");
            double ratio = median(ratios);
            out.append("| ").append(handler.name())
                    .append(" | ").append(stats(mine, r -> r.get("init_ms")))
                    .append(" | ").append(stats(mine, r -> r.get("request_ms")))
                    .append(" | ").append(stats(mine, Run::sum))
                    .append(" | ").append(stats(floor, Run::sum))
                    .append(" | ").append(String.format(Locale.ROOT, "**%.2f** [%.2f-%.2f]%s", ratio,
                            Collections.min(ratios), Collections.max(ratios),
                            ratio <= ColdStartBenchmark.FLOOR_RATIO_TARGET ? "" : " (target <= 1.5: MISSED)"))
                    .append(" | ").append(String.format(Locale.ROOT, "%.0f + %.0f",
                            median(mine.stream().map(r -> r.get("classes_init")).toList()),
                            median(mine.stream().map(r -> r.get("classes_request")).toList())))
                    .append(" | ").append(primed).append(" |\n");
        }
        List<Run> floors = runs.stream().filter(Run::floor).toList();
        out.append('\n').append(String.format(Locale.ROOT,
                "Floor over all its runs: init %s, first request %s, classes loaded %.0f + %.0f. "
                        + "JVM start to the launcher's main: %.0f ms median; whole child process (start to exit) %s for "
                        + "the floor.\n",
                stats(floors, r -> r.get("init_ms")), stats(floors, r -> r.get("request_ms")),
                median(floors.stream().map(r -> r.get("classes_init")).toList()),
                median(floors.stream().map(r -> r.get("classes_request")).toList()),
                median(runs.stream().map(r -> r.get("main_at_ms")).toList()), stats(floors, Run::wallMs)));
        out.append("Whole child process (start to exit) per handler: ");
        List<String> walls = new ArrayList<>();
        for (HandlerEntry handler : handlers) {
            walls.add(handler.name() + " " + stats(runs.stream().filter(r -> r.handler().equals(handler.name()) && !r.floor()).toList(),
                    Run::wallMs));
        }
        out.append(String.join("; ", walls)).append(".\n");

        if (!proofs.isEmpty()) {
            out.append("\n## Priming proof\n\n");
            out.append("A fresh JVM per line: handler constructed, its priming run through `org.crac` (beforeCheckpoint, "
                    + "afterRestore), then the event with `-Xlog:class+load`; the count is of classes first loaded during "
                    + "that request (JDK and hidden classes included). Lists: `" + options.outDir().getFileName()
                    + "/class-load/*-after-priming.txt`.\n\n");
            out.append("| handler | event | status | classes loaded by the request | priming (ms) | request (ms) |\n");
            out.append("|---|---|---|---|---|---|\n");
            for (Proof proof : proofs) {
                out.append(String.format(Locale.ROOT, "| %s | `%s` | %s%s | %d%s | %.0f | %.1f |\n", proof.handler(), proof.event(),
                        proof.status(), proof.statusOk() ? "" : " (expected " + proof.expected() + ")",
                        proof.classesLoaded(), proof.classesLoaded() <= ColdStartBenchmark.CLASSES_AFTER_PRIMING_TARGET ? "" : " (> 50)",
                        proof.primeMs(), proof.requestMs()));
            }
        }
        return out.toString();
    }

    static String csv(List<Run> runs) {
        StringBuilder out = new StringBuilder("handler,kind,run,init_ms,request_ms,sum_ms,wall_ms,main_at_ms,classes_init,classes_request,classes_total,status\n");
        for (Run run : runs) {
            out.append(String.join(",", run.handler(), run.floor() ? "floor" : "handler", Integer.toString(run.run()),
                    run.values().get("init_ms"), run.values().get("request_ms"), String.format(Locale.ROOT, "%.2f", run.sum()),
                    String.format(Locale.ROOT, "%.1f", run.wallMs()), run.values().get("main_at_ms"),
                    run.values().get("classes_init"), run.values().get("classes_request"), run.values().get("classes_total"),
                    run.status())).append('\n');
        }
        return out.toString();
    }

    private static String stats(List<Run> runs, ToDoubleFunction<Run> value) {
        List<Double> values = runs.stream().map(value::applyAsDouble).toList();
        if (values.isEmpty()) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.0f [%.0f-%.0f]", median(values), Collections.min(values), Collections.max(values));
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
