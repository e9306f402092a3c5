package dev.scimaws.perf.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.unboundid.scim2.common.messages.PatchOperation;
import com.unboundid.scim2.common.utils.JsonUtils;
import dev.scimaws.scim.Json;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * What each JSON mapper costs on first use in a fresh JVM, in the order a PATCH meets them: our
 * {@link Json#MAPPER}, then the SCIM SDK's own mapper ({@link JsonUtils}, used for PATCH operations and
 * filters), then a default {@code new ObjectMapper()} (as the schema-document parser builds one). Each step's
 * time and classes are on top of the steps before it. Run with the jar and the launcher classes only:
 * <pre>java [Lambda options] -cp functions.jar:&lt;launcher dir&gt; dev.scimaws.perf.launcher.JsonCostProbe</pre>
 */
public final class JsonCostProbe {

    private static final String USER = "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
            + "\"userName\":\"jane.doe@example.com\",\"name\":{\"givenName\":\"Jane\",\"familyName\":\"Doe\"},"
            + "\"emails\":[{\"primary\":true,\"value\":\"jane.doe@example.com\",\"type\":\"work\"}],\"active\":true}";
    private static final String OPERATION = "{\"op\":\"replace\",\"path\":\"name.givenName\",\"value\":\"Janet\"}";

    private JsonCostProbe() {}

    public static void main(String[] args) throws Exception {
        ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
        StringBuilder out = new StringBuilder("JSON-PROBE");

        long c0 = classes.getTotalLoadedClassCount();
        long t0 = System.nanoTime();
        JsonNode user = Json.MAPPER.readTree(USER);
        String written = Json.write(user);
        long t1 = System.nanoTime();
        long c1 = classes.getTotalLoadedClassCount();
        out.append(step("ours", t1 - t0, c1 - c0));

        JsonNode operation = Json.MAPPER.readTree(OPERATION);
        long t2 = System.nanoTime();
        PatchOperation patch = JsonUtils.getObjectReader().treeToValue(operation, PatchOperation.class);
        JsonNode copy = JsonUtils.valueToNode(user);
        long t3 = System.nanoTime();
        long c3 = classes.getTotalLoadedClassCount();
        out.append(step("scim_sdk", t3 - t2, c3 - c1));

        long t4 = System.nanoTime();
        JsonNode plain = new ObjectMapper().readTree(USER);
        long t5 = System.nanoTime();
        long c5 = classes.getTotalLoadedClassCount();
        out.append(step("default_mapper", t5 - t4, c5 - c3));

        System.out.println(out + " check=" + (written.length() + patch.getOpType().ordinal() + copy.size() + plain.size()));
    }

    private static String step(String name, long nanos, long loaded) {
        return String.format(Locale.ROOT, " %s_ms=%.1f %s_classes=%d", name, nanos / 1e6, name, loaded);
    }
}
