package dev.scimaws.infra;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Template;

/**
 * Synthesizes the stack the way {@code cdk synth} does (same entry point, the feature flags of
 * {@code cdk.json}, settings from context), but against a small stand-in jar in a temp dir, so the
 * tests do not depend on functions.jar having been packaged first.
 */
record Synth(ScimStack stack, Template template, Map<String, Map<String, Object>> resources) {

    static final ObjectMapper JSON = new ObjectMapper();

    static Synth of(Path workDir, Map<String, Object> context) {
        App app = app(workDir, context);
        ScimStack stack = ScimApp.createStack(app);
        Template template = Template.fromStack(stack);
        return new Synth(stack, template, resourcesOf(template));
    }

    /** The app as {@code cdk synth} builds it, writing its cloud assembly to {@code workDir/cdk.out}. */
    static App app(Path workDir, Map<String, Object> context) {
        Map<String, Object> appContext = new HashMap<>(cdkJsonContext());
        appContext.put(ScimSettings.FUNCTIONS_JAR, standInJar(workDir).toString());
        appContext.putAll(context);
        return new App(AppProps.builder()
                .outdir(workDir.resolve("cdk.out").toString())
                .context(appContext)
                .build());
    }

    /** The feature flags the real app runs with. */
    static Map<String, Object> cdkJsonContext() {
        try {
            Map<String, Object> cdkJson = JSON.readValue(Path.of("cdk.json").toFile(), new TypeReference<>() {});
            @SuppressWarnings("unchecked")
            Map<String, Object> context = (Map<String, Object>) cdkJson.get("context");
            return context;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read infra/cdk.json", e);
        }
    }

    /** A jar (zip) with one entry: enough for a Lambda code asset. */
    static Path standInJar(Path dir) {
        Path jar = dir.resolve("functions.jar");
        if (Files.exists(jar)) {
            return jar;
        }
        try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("README.txt"));
            zip.write("stand-in for functions.jar in template tests".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return jar;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> resourcesOf(Template template) {
        return (Map<String, Map<String, Object>>) (Map<String, ?>) template.toJSON().get("Resources");
    }

    /** Logical id -> resource, for one CloudFormation type, in template order. */
    Map<String, Map<String, Object>> ofType(String type) {
        Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        resources.forEach((id, resource) -> {
            if (type.equals(resource.get("Type"))) {
                found.put(id, resource);
            }
        });
        return found;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> props(Map<String, Object> resource) {
        return (Map<String, Object>) resource.getOrDefault("Properties", Map.of());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return value instanceof List<?> l ? (List<Object>) l : new ArrayList<>(List.of(value));
    }

    /** {@code {"Ref": id}} */
    static Map<String, Object> ref(String logicalId) {
        return Map.of("Ref", logicalId);
    }

    /** {@code {"Fn::GetAtt": [id, attribute]}} */
    static Map<String, Object> getAtt(String logicalId, String attribute) {
        return Map.of("Fn::GetAtt", List.of(logicalId, attribute));
    }

    /** The logical id of the function running {@code kind}'s handler. */
    String functionId(FunctionKind kind) {
        return ofType("AWS::Lambda::Function").entrySet().stream()
                .filter(e -> kind.handler().equals(props(e.getValue()).get("Handler")))
                .map(Map.Entry::getKey)
                .reduce((a, b) -> {
                    throw new AssertionError("two functions run " + kind.handler());
                })
                .orElseThrow(() -> new AssertionError("no function runs " + kind.handler()));
    }
}
