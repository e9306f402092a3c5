package dev.scimaws.scim.schema;

import java.util.List;

/**
 * A schema document that cannot be declared, with every problem found, each naming where it is
 * ({@code attributes[2] (costCenter).type: ...}).
 */
public final class InvalidSchemaException extends Exception {

    private final List<String> problems;

    public InvalidSchemaException(List<String> problems) {
        super(String.join("; ", problems), null, false, false);
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an invalid schema has at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public InvalidSchemaException(String problem) {
        this(List.of(problem));
    }

    public List<String> problems() {
        return problems;
    }
}
