package dev.scimaws.events;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Keeps what is put on it; refuses (as a throttled entry) what {@code refuse} matches. */
public final class RecordingBus implements EventBus {

    public final List<Entry> accepted = new ArrayList<>();
    public final List<List<Entry>> calls = new ArrayList<>();
    private final Predicate<Entry> refuse;

    public RecordingBus(Predicate<Entry> refuse) {
        this.refuse = refuse;
    }

    public RecordingBus() {
        this(entry -> false);
    }

    @Override
    public List<String> put(List<Entry> entries) {
        calls.add(List.copyOf(entries));
        List<String> results = new ArrayList<>();
        for (Entry entry : entries) {
            if (refuse.test(entry)) {
                results.add("ThrottlingException");
            } else {
                accepted.add(entry);
                results.add(null);
            }
        }
        return results;
    }

    public List<String> detailTypes() {
        return accepted.stream().map(Entry::detailType).toList();
    }
}
