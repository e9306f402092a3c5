package dev.scimaws.perf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a {@code -Xlog:class+load} file: the classes loaded between two marker classes. */
final class ClassLoadLog {

    private static final String TAG = "[class,load] ";

    private ClassLoadLog() {}

    /** Classes (including hidden ones, such as lambda forms) whose load lies strictly between the two markers. */
    static List<String> loadedBetweenMarkers(Path log, String startMarker, String endMarker) {
        List<String> lines;
        try {
            lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the class-load log " + log, e);
        }
        List<String> loaded = new ArrayList<>();
        boolean inside = false;
        boolean sawStart = false;
        boolean sawEnd = false;
        for (String line : lines) {
            String name = className(line);
            if (name == null) {
                continue;
            }
            if (name.equals(startMarker)) {
                inside = true;
                sawStart = true;
            } else if (name.equals(endMarker)) {
                sawEnd = true;
                break;
            } else if (inside) {
                loaded.add(line.substring(line.indexOf(TAG) + TAG.length()).trim());
            }
        }
        if (!sawStart || !sawEnd) {
            throw new IllegalStateException("The class-load log " + log + " lacks the request markers");
        }
        return loaded;
    }

    static String className(String line) {
        int at = line.indexOf(TAG);
        if (at < 0) {
            return null;
        }
        String rest = line.substring(at + TAG.length()).trim();
        int space = rest.indexOf(' ');
        return space < 0 ? rest : rest.substring(0, space);
    }
}
