package dev.scimaws.purge;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the purge needs from storage. The purge owns this port; the DynamoDB adapter implements it.
 *
 * <p>Deleting one user is a storage-level sequence (user item, userName lock, memberships) whose
 * order and atomicity the adapter decides; the contract it must keep is written on {@link #purge}.
 */
public interface PurgeStore {

    /**
     * An entry of the deactivated-users index.
     *
     * @param selection  the index sort key as read ({@code <deactivatedAt>#<tenant>#<id>}); the delete is
     *                   conditioned on the user item still carrying exactly this value
     * @param unfinished the entry is the marker of a purge that deleted the user but not yet all its
     *                   memberships (an interrupted run); purging it finishes that work
     */
    record Candidate(String tenant, String userId, String selection, boolean unfinished) {}

    /** One page of candidates, oldest deactivation first; {@code next} is null after the last page. */
    record Page(List<Candidate> candidates, Map<String, String> next) {}

    /**
     * A candidate with what deleting it needs. {@code userName} is null when the user item is gone or no
     * longer carries the selected deactivation (and always for an unfinished candidate).
     */
    record Target(Candidate candidate, String userName) {}

    enum Outcome {
        /** The user, its userName lock and its memberships are gone. */
        PURGED,
        /** The user was reactivated (or re-deactivated, or deleted) after it was selected: left alone. */
        NO_LONGER_SELECTED
    }

    /**
     * Candidates deactivated at or before {@code deactivatedUpTo}, from the index (never a scan), across
     * all tenants or for {@code tenant} only (null for all), continuing after {@code after} (null first).
     */
    Page candidates(Instant deactivatedUpTo, String tenant, Map<String, String> after, int limit);

    /** Reads (strongly consistent, in batches) what {@link #purge} needs for each candidate, in order. */
    List<Target> load(List<Candidate> candidates);

    /**
     * Deletes one user, its userName lock and all its memberships, or nothing of the user if it no
     * longer carries the selected deactivation. Idempotent: after a failure or an interruption at any
     * point, the user is either untouched (and still a candidate) or gone with an unfinished candidate
     * left in the index, so the next run finishes the work.
     *
     * @throws RuntimeException when the purge of this user failed (it stays a candidate)
     */
    Outcome purge(Target target);

    /** What became of one target of {@link #purgeAll}: its outcome, or the failure that left it a candidate. */
    record Result(Outcome outcome, RuntimeException failure) {
        public static Result of(Outcome outcome) {
            return new Result(outcome, null);
        }

        public static Result failed(RuntimeException failure) {
            return new Result(null, failure);
        }
    }

    /**
     * {@link #purge} for each target, with the same contract per target, in as few calls as the store can
     * (several users in one transaction); one result per target, in order. A failure of one target never
     * hides the outcome of another. By default, one after the other.
     */
    default List<Result> purgeAll(List<Target> targets) {
        List<Result> results = new java.util.ArrayList<>(targets.size());
        for (Target target : targets) {
            try {
                results.add(Result.of(purge(target)));
            } catch (RuntimeException e) {
                results.add(Result.failed(e));
            }
        }
        return results;
    }
}
