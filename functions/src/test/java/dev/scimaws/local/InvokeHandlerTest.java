package dev.scimaws.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import dev.scimaws.handler.PurgeHandler;
import dev.scimaws.handler.TokenAuthorizerHandler;
import dev.scimaws.handler.UsersHandler;
import dev.scimaws.testing.Events;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Set-up errors are reported before anything connects: exit code 2 and a message saying what to do. */
class InvokeHandlerTest {

    @Test
    void findsTheEventTypeFromTheRequestHandlerGeneric() {
        assertThat(InvokeHandler.inputType(TokenAuthorizerHandler.class)).isEqualTo(APIGatewayCustomAuthorizerEvent.class);
        assertThat(InvokeHandler.inputType(UsersHandler.class)).isEqualTo(APIGatewayProxyRequestEvent.class);
        assertThat(InvokeHandler.inputType(PurgeHandler.class)).as("RequestHandler<Map<String, Object>, ...>").isEqualTo(Map.class);
    }

    @Test
    void printsUsageWithoutTwoArguments() {
        assertThat(run(Map.of(), "UsersHandler").err()).contains("Usage: InvokeHandler HANDLER EVENT");
    }

    @Test
    void namesAnUnknownHandler() {
        Result result = run(Map.of(), "NoSuchHandler", event("users/list.json"));

        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).contains("dev.scimaws.handler.NoSuchHandler");
    }

    @Test
    void namesAMissingEventFile() {
        Result result = run(Map.of(), "UsersHandler", "no/such/event.json");

        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).contains("No event file");
    }

    @Test
    void asksForTheEngineAndTable() {
        Result noEndpoint = run(Map.of("SCIM_TABLE", "t"), "UsersHandler", event("users/list.json"));
        Result noTable = run(Map.of("SCIM_DYNAMODB_ENDPOINT", "http://127.0.0.1:1"), "UsersHandler", event("users/list.json"));

        assertThat(noEndpoint.code()).isEqualTo(2);
        assertThat(noEndpoint.err()).contains("SCIM_DYNAMODB_ENDPOINT is not set");
        assertThat(noTable.code()).isEqualTo(2);
        assertThat(noTable.err()).contains("SCIM_TABLE is not set");
    }

    private record Result(int code, String out, String err) {}

    private static String event(String relative) {
        return Events.dir().resolve(relative).toString();
    }

    private static Result run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = InvokeHandler.run(args, env::get, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
