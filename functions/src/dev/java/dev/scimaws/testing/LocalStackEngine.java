package dev.scimaws.testing;

import java.net.URI;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * LocalStack through Testcontainers, for machines with Docker ({@code SCIM_ENGINE=localstack}). Kept in
 * its own class so the default engine never loads Testcontainers.
 */
final class LocalStackEngine {

    /** Current LocalStack images need an auth token; override the image with SCIM_LOCALSTACK_IMAGE. */
    static final String DEFAULT_IMAGE = "localstack/localstack:latest";

    record Started(String description, URI endpoint, String region, String accessKey, String secretKey, Runnable stopper) {}

    private LocalStackEngine() {}

    static Started start() {
        String token = DynamoEngine.setting("LOCALSTACK_AUTH_TOKEN");
        if (token == null) {
            throw new IllegalStateException("SCIM_ENGINE=localstack needs LOCALSTACK_AUTH_TOKEN (LocalStack's images require an "
                    + "auth token). Set it, or unset SCIM_ENGINE to use Dynoxide, or set SCIM_DYNAMODB_ENDPOINT.");
        }
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            throw new IllegalStateException("SCIM_ENGINE=localstack needs a running Docker engine, and Testcontainers found none. "
                    + "Start Docker, or unset SCIM_ENGINE to use Dynoxide, or set SCIM_DYNAMODB_ENDPOINT.");
        }
        String image = DynamoEngine.setting("SCIM_LOCALSTACK_IMAGE");
        LocalStackContainer container = new LocalStackContainer(DockerImageName.parse(image == null ? DEFAULT_IMAGE : image)
                .asCompatibleSubstituteFor("localstack/localstack"))
                .withServices("dynamodb")
                .withEnv("LOCALSTACK_AUTH_TOKEN", token);
        container.start();
        return new Started("LocalStack (" + container.getDockerImageName() + ", Testcontainers) at " + container.getEndpoint(),
                container.getEndpoint(), container.getRegion(), container.getAccessKey(), container.getSecretKey(), container::stop);
    }
}
