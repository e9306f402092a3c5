package dev.scimaws.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimaws.purge.PurgeReport;
import dev.scimaws.purge.PurgeRequest;
import dev.scimaws.purge.PurgeSettings;
import dev.scimaws.purge.PurgeStore;
import dev.scimaws.purge.Purger;
import dev.scimaws.scim.Json;
import dev.scimaws.store.DynamoPurgeStore;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * The scheduled purge of deactivated users. Accepts an EventBridge scheduled event (runs with the
 * configured defaults) or a manual payload {@code {"dryRun": true|false, "retentionDays": N, "tenant": "..."}}
 * with every field optional. Returns the summary and logs it as one JSON line.
 */
public final class PurgeHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final PurgeStore store;
    private final Clock clock;
    private final PurgeSettings settings;

    public PurgeHandler() {
        this(Wiring.fromEnvironment());
    }

    public PurgeHandler(Wiring wiring) {
        this(wiring, PurgeSettings.fromEnvironment());
    }

    public PurgeHandler(Wiring wiring, PurgeSettings settings) {
        this.store = new DynamoPurgeStore(wiring.dynamo(), wiring.tableName(), wiring.clock());
        this.clock = wiring.clock();
        this.settings = settings;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        String requestId = context == null || context.getAwsRequestId() == null
                ? "local-" + UUID.randomUUID() : context.getAwsRequestId();
        PurgeRequest request;
        try {
            request = PurgeRequest.from(event, settings);
        } catch (IllegalArgumentException e) {
            Log.error(requestId, "Purge payload rejected; nothing was done", e);
            throw e;
        }
        // Without a Lambda context (a local run) there is no deadline.
        LongSupplier remaining = context == null ? () -> Long.MAX_VALUE : () -> context.getRemainingTimeInMillis();
        Purger purger = new Purger(store, clock, settings, (candidate, failure) -> Log.error(requestId,
                "Purge of user " + candidate.userId() + " in tenant " + candidate.tenant() + " failed", failure));
        PurgeReport report = purger.run(request, remaining);
        ObjectNode summary = report.toJson();
        ObjectNode line = Json.object();
        line.put("message", "purge summary");
        line.put("requestId", requestId);
        line.setAll(summary);
        Log.info(line);
        return Json.MAPPER.convertValue(summary, MAP);
    }
}
