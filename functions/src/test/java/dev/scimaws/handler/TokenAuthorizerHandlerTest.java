package dev.scimaws.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TokenAuthorizerHandlerTest {

    @Test
    void bearerTokenIsReadCaseInsensitivelyAndTrimmed() {
        assertThat(TokenAuthorizerHandler.bearerToken("Bearer abc")).contains("abc");
        assertThat(TokenAuthorizerHandler.bearerToken("bearer   abc ")).contains("abc");
    }

    @Test
    void otherSchemesAndEmptyTokensAreRejected() {
        assertThat(TokenAuthorizerHandler.bearerToken(null)).isEmpty();
        assertThat(TokenAuthorizerHandler.bearerToken("Basic dXNlcjpwYXNz")).isEmpty();
        assertThat(TokenAuthorizerHandler.bearerToken("Bearer ")).isEmpty();
        assertThat(TokenAuthorizerHandler.bearerToken("abc")).isEmpty();
    }

    @Test
    void policyCoversEveryRouteOfTheStage() {
        assertThat(TokenAuthorizerHandler.wholeApi(
                "arn:aws:execute-api:eu-west-1:123456789012:abcdef1234/scim/GET/v2/Users"))
                .isEqualTo("arn:aws:execute-api:eu-west-1:123456789012:abcdef1234/scim/*");
    }

    @Test
    void malformedMethodArnIsUnauthorizedNotACrash() {
        assertThatThrownBy(() -> TokenAuthorizerHandler.wholeApi("not-an-arn"))
                .hasMessage(TokenAuthorizerHandler.UNAUTHORIZED);
    }
}
