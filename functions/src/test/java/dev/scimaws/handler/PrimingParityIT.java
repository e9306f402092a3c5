package dev.scimaws.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimaws.priming.Priming;
import dev.scimaws.priming.PrimingScenario;
import dev.scimaws.scim.Json;
import dev.scimaws.testing.DynamoEngine;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The in-memory table that priming runs on ships in the Lambda jar: the priming scenario must take the same
 * paths there as on a real table. Every request of the scenario is sent to both, through the same handler
 * code, and each pair of answers must agree in status and in body (ids and times aside).
 */
class PrimingParityIT {

    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z");

    /** Status and body, with generated ids and timestamps replaced by placeholders. */
    private static List<String> answers(PrimingScenario.Scim scim) {
        List<String> answers = new ArrayList<>();
        PrimingScenario.run((method, resource, id, query, body) -> {
            PrimingScenario.Answer answer = scim.send(method, resource, id, query, body);
            answers.add(method + " " + resource + " " + answer.status() + " " + shape(answer.body()));
            return answer;
        });
        return answers;
    }

    private static String shape(String body) {
        if (body == null || body.isEmpty()) {
            return "";
        }
        JsonNode json = Json.parseStored(body);
        String text = json.toString();
        return TIME.matcher(UUID.matcher(text).replaceAll("<id>")).replaceAll("<time>");
    }

    @Test
    void everyPrimingRequestAnswersAlikeInMemoryAndOnTheEngine() {
        DynamoEngine engine = DynamoEngine.get();
        Wiring onEngine = new Wiring(engine.client(), engine.createTable("priming-parity"), Clock.systemUTC());

        List<String> real = answers(ApiGateway.scim(onEngine));
        List<String> inMemory = Priming.inMemory(onEngine.dynamo(),
                memory -> answers(ApiGateway.scim(new Wiring(memory, onEngine.tableName(), onEngine.clock()))));

        assertThat(real).hasSize(16);
        assertThat(inMemory).containsExactlyElementsOf(real);
    }
}
