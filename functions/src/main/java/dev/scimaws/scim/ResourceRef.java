package dev.scimaws.scim;

/** A reference to another resource as a multi-valued attribute shows it: its id and a name to display. */
public record ResourceRef(String id, String display) {}
