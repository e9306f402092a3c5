package dev.scimaws.events;

import java.time.Instant;

/**
 * One stream record, its images already read by the store: {@code before} is null for an INSERT or an
 * image that is not a resource, {@code after} null for a REMOVE. {@code sequenceNumber} identifies the
 * record (Lambda resumes a shard from it when it is reported as failed).
 */
public record Change(String sequenceNumber, Instant time, TableItem before, TableItem after) {}
