package dev.scimaws.handler;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimaws.scim.Json;
import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * One JSON line per event on stdout (CloudWatch picks it up). Only what is passed explicitly is logged:
 * never request bodies, headers or tokens.
 */
final class Log {

    private Log() {}

    static void error(String requestId, String message, Throwable cause) {
        ObjectNode line = Json.object();
        line.put("level", "ERROR");
        line.put("requestId", requestId);
        line.put("message", message);
        StringWriter trace = new StringWriter();
        cause.printStackTrace(new PrintWriter(trace));
        line.put("exception", trace.toString());
        System.out.println(Json.write(line));
    }

    /** An expected failure worth counting (overload answered with 429/503): no stack trace. */
    static void warn(String requestId, String message) {
        ObjectNode line = Json.object();
        line.put("level", "WARN");
        line.put("requestId", requestId);
        line.put("message", message);
        System.out.println(Json.write(line));
    }

    static void info(ObjectNode fields) {
        fields.put("level", "INFO");
        System.out.println(Json.write(fields));
    }

    /** A failed primer costs cold-start time, never correctness: logged, and the init goes on. */
    static void primingFailed(RuntimeException cause) {
        error("priming", "Priming failed; continuing without it", cause);
    }
}
